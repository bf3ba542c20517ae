/** Parses a CLI duration: "500ms", "60s", "5m", "1h", or plain milliseconds ("1500"). */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new DurationError(`--duration: expected a duration such as 500ms, 60s, 5m or 1h, got "${text}"`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const ms = value * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  if (!(ms > 0)) throw new DurationError(`--duration: expected a duration above zero, got "${text}"`);
  return ms;
}

export class DurationError extends TypeError {
  readonly code = 'ERR_DURATION';
}
