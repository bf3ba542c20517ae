import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatLatency } from './format';

describe('formatting', () => {
  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(3149)).toBe('3.1 s');
    expect(formatDuration(95_000)).toBe('1 min 35 s');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('formats counts and latencies', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(undefined)).toBe('—');
    expect(formatLatency(0.42)).toBe('0.42 ms');
    expect(formatLatency(42)).toBe('42.0 ms');
    expect(formatLatency(12_345)).toBe('12.3 s');
  });
});
