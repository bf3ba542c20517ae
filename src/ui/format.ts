/** Number and time formatting shared by the nodes, the panels and the charts. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 1234567 → "1,234,567"; NaN/undefined → "—". */
export function formatCount(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : integer.format(value);
}

/** 12345 ms → "12.3 s"; ≥ 1 h → "1 h 02 min". */
export function formatVirtualTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const s = ms / 1000;
  if (s < 3600) return `${oneDecimal.format(s)} s`;
  const h = Math.floor(s / 3600);
  return `${h} h ${String(Math.floor((s - h * 3600) / 60)).padStart(2, '0')} min`;
}

/** A latency in ms with sensible precision: 0.42 ms, 4.2 ms, 42 ms, 4.2 s. */
export function formatLatency(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 10_000) return `${oneDecimal.format(ms / 1000)} s`;
  if (ms >= 100) return `${integer.format(ms)} ms`;
  if (ms >= 1) return `${oneDecimal.format(ms)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A rate per second: 40 → "40", 0.5 → "0.5". */
export function formatRate(perSec: number): string {
  return perSec >= 10 ? integer.format(perSec) : oneDecimal.format(perSec).replace(/\.0$/, '');
}

/** The bytes of a string as UTF-8, in hex pairs: "ab" → "61 62". */
export function utf8Hex(text: string, limit = 24): string {
  const bytes = new TextEncoder().encode(text);
  const shown = Array.from(bytes.slice(0, limit), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > limit ? `${shown} … (${bytes.length} bytes)` : shown;
}

/** A duration for people: 850 → "850 ms", 3149 → "3.1 s", 95000 → "1 min 35 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${integer.format(ms)} ms`;
  if (ms < 60_000) return `${oneDecimal.format(ms / 1000)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
