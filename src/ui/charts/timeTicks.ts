/** Round tick positions (in ms) for a time axis from `minMs` to `maxMs`: at most ~5, on whole steps. */
const STEPS_S = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400];

export function timeTicks(minMs: number, maxMs: number, maxTicks = 5): number[] {
  if (!(maxMs > minMs)) return [minMs];
  const spanS = (maxMs - minMs) / 1000;
  const stepS = STEPS_S.find((s) => spanS / s <= maxTicks) ?? STEPS_S[STEPS_S.length - 1]!;
  const stepMs = stepS * 1000;
  const ticks: number[] = [];
  for (let t = Math.ceil(minMs / stepMs) * stepMs; t <= maxMs + 1e-9; t += stepMs) ticks.push(t);
  return ticks;
}

/** 12000 → "12s", 90000 → "1:30", 500 → "0.5s". */
export function formatTick(ms: number): string {
  const s = ms / 1000;
  if (s >= 60) return `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
  return `${Math.round(s * 10) / 10}s`;
}
