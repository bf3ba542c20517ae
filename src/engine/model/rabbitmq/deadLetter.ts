/**
 * What dead-lettering writes on a message and when it stops: the `x-death` list and the cycle
 * check, as RabbitMQ 4.3 does them.
 *
 * Source: rabbitmq-server @5b09e556, deps/rabbit/src/mc.erl: `record_death` keeps one death per
 * (queue, reason), moves it to the front when it happens again and counts it; `is_death_cycle`
 * drops a message dead-lettered back into a queue it already died in, unless one of its deaths
 * was a rejection (a consumer said no, so it is not an automatic loop).
 */
import type { XDeathEntry } from '../../rabbitTypes';

/**
 * Records a death on the message's `x-death` list (most recent first) and returns its entry.
 *
 * @example
 * const xDeath: XDeathEntry[] = [];
 * recordDeath(xDeath, { queue: 'q', reason: 'expired', timeMs: 5, exchange: '', routingKeys: ['q'] });
 * recordDeath(xDeath, { queue: 'q', reason: 'expired', timeMs: 9, exchange: '', routingKeys: ['q'] });
 * xDeath // [{ queue: 'q', reason: 'expired', count: 2, timeMs: 5, … }]: the first time is kept
 */
export function recordDeath(xDeath: XDeathEntry[], death: Omit<XDeathEntry, 'count'>): XDeathEntry {
  const existing = xDeath.findIndex((d) => d.queue === death.queue && d.reason === death.reason);
  let entry: XDeathEntry;
  if (existing >= 0) {
    entry = xDeath.splice(existing, 1)[0] as XDeathEntry;
    entry.count++;
  } else {
    entry = { ...death, count: 1 };
  }
  xDeath.unshift(entry);
  return entry;
}

/** Whether dead-lettering the message into `queue` would be a cycle RabbitMQ drops. */
export function isDeathCycle(xDeath: readonly XDeathEntry[], queue: string): boolean {
  return !xDeath.some((d) => d.reason === 'rejected') && xDeath.some((d) => d.queue === queue);
}
