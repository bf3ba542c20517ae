/**
 * Test helpers for the sticky assignors: compact members, "topic-partition" names, and the checks
 * of Kafka's AbstractStickyAssignorTest (`verifyValidityAndBalance`, `isFullyBalanced`).
 * Source: apache/kafka @1eb76443, clients/src/test/.../consumer/internals/AbstractStickyAssignorTest.java.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { formatTopicPartition, type TopicPartition } from './assignors';
import type { StickyMember } from './ownedPartitions';

/** "orders-3" → { topic: 'orders', partition: 3 }. */
export function tp(name: string): TopicPartition {
  const dash = name.lastIndexOf('-');
  return { topic: name.slice(0, dash), partition: Number(name.slice(dash + 1)) };
}

/** A member subscribed to `topics` that owned `owned` in `generation` (none: a new member). */
export function member(memberId: string, topics: string[], owned: string[] = [], generation?: number): StickyMember {
  return {
    memberId,
    topics,
    ownedPartitions: owned.map(tp),
    ...(generation !== undefined ? { generation } : {}),
  };
}

/** Member id → "topic-partition" names, in assignment order. */
export function named(byMember: ReadonlyMap<string, readonly TopicPartition[]>): Record<string, string[]> {
  return Object.fromEntries([...byMember].map(([id, tps]) => [id, tps.map(formatTopicPartition)]));
}

/** The same members in the next generation, each owning what `byMember` gave it. */
export function rejoin(
  members: readonly StickyMember[],
  byMember: ReadonlyMap<string, readonly TopicPartition[]>,
  generation: number,
): StickyMember[] {
  return members.map((m) => ({ ...m, ownedPartitions: byMember.get(m.memberId) ?? [], generation }));
}

export function isFullyBalanced(byMember: ReadonlyMap<string, readonly TopicPartition[]>): boolean {
  const sizes = [...byMember.values()].map((tps) => tps.length);
  return Math.max(...sizes) - Math.min(...sizes) <= 1;
}

/**
 * Every partition of a subscribed topic goes to exactly one member, which subscribes to its topic
 * (Kafka's test checks "at most one"; the assignors assign them all), and two members whose counts
 * differ by two or more hold no partitions of a common topic (`verifyValidityAndBalance`).
 */
export function expectValidAndBalanced(
  members: readonly StickyMember[],
  partitionsPerTopic: ReadonlyMap<string, number>,
  byMember: ReadonlyMap<string, readonly TopicPartition[]>,
): void {
  expect([...byMember.keys()].sort()).toEqual(members.map((m) => m.memberId).sort());
  const owners = new Map<string, string>();
  for (const m of members) {
    for (const p of byMember.get(m.memberId) ?? []) {
      expect(m.topics, `${formatTopicPartition(p)} is assigned to ${m.memberId}`).toContain(p.topic);
      expect(owners.get(formatTopicPartition(p)), `${formatTopicPartition(p)} is assigned twice`).toBeUndefined();
      owners.set(formatTopicPartition(p), m.memberId);
    }
  }
  for (const [topic, count] of partitionsPerTopic) {
    if (!members.some((m) => m.topics.includes(topic))) continue;
    for (let p = 0; p < count; p++) expect(owners.has(`${topic}-${p}`), `${topic}-${p} is unassigned`).toBe(true);
  }
  for (const a of members) {
    for (const b of members) {
      const mine = byMember.get(a.memberId) ?? [];
      const theirs = byMember.get(b.memberId) ?? [];
      if (mine.length - theirs.length < 2) continue;
      const topics = new Set(theirs.map((p) => p.topic));
      expect(
        mine.filter((p) => topics.has(p.topic)),
        `${a.memberId} (${mine.length}) could give a partition to ${b.memberId} (${theirs.length})`,
      ).toEqual([]);
    }
  }
}

/** Up to 4 topics t0..t3 with 1–6 partitions each. */
export const partitionsPerTopicArb = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
  .map((counts) => new Map(counts.map((n, i) => [`t${i}`, n])));

/** Up to 7 distinct member ids, some that Java sorts surprisingly ("m10" < "m2"). */
export const memberIdsArb = fc.uniqueArray(
  fc.constantFrom('c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'm2', 'm10', 'consumer1', 'consumer2', 'consumer3'),
  { minLength: 1, maxLength: 7 },
);

/** Partition counts by topic name, as the assignors take them. */
export const topics = (entries: Record<string, number>) => new Map(Object.entries(entries));
