import { describe, expect, it } from 'vitest';
import type { XDeathEntry } from '../../rabbitTypes';
import { isDeathCycle, recordDeath } from './deadLetter';

const death = (queue: string, reason: XDeathEntry['reason'], timeMs: number) => ({
  queue,
  reason,
  timeMs,
  exchange: '',
  routingKeys: [queue],
});

describe('x-death (mc:record_death)', () => {
  it('keeps one entry per queue and reason, most recent first, counting repeats from the first time', () => {
    const xDeath: XDeathEntry[] = [];
    recordDeath(xDeath, death('work', 'expired', 10));
    recordDeath(xDeath, death('retry', 'expired', 20));
    recordDeath(xDeath, death('work', 'expired', 30));
    expect(xDeath.map((d) => [d.queue, d.reason, d.count, d.timeMs])).toEqual([
      ['work', 'expired', 2, 10],
      ['retry', 'expired', 1, 20],
    ]);
    recordDeath(xDeath, death('work', 'rejected', 40));
    expect(xDeath.map((d) => [d.queue, d.reason, d.count])).toEqual([
      ['work', 'rejected', 1],
      ['work', 'expired', 2],
      ['retry', 'expired', 1],
    ]);
  });
});

describe('the dead-letter cycle check (mc:is_death_cycle)', () => {
  it('is a cycle to go back into a queue it died in, unless a consumer rejected it on the way', () => {
    const expiredOnly = [{ ...death('work', 'expired', 0), count: 1 }];
    expect(isDeathCycle(expiredOnly, 'work')).toBe(true);
    expect(isDeathCycle(expiredOnly, 'other')).toBe(false);
    const rejected = [...expiredOnly, { ...death('retry', 'rejected', 0), count: 1 }];
    expect(isDeathCycle(rejected, 'work')).toBe(false);
  });
});
