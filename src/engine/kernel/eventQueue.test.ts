import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './eventQueue';

describe('EventQueue', () => {
  it('pops in (time, scheduling order) order, whatever the push order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 3000 }), (times) => {
        const queue = new EventQueue();
        times.forEach((t, i) => queue.push(t, 1, i, 0));
        const popped: [number, number][] = [];
        while (queue.length > 0) {
          const slot = queue.pop();
          popped.push([queue.timeOf(slot), queue.targetOf(slot)]);
        }
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('reuses slots while interleaving pushes and pops', () => {
    const queue = new EventQueue();
    let last = -1;
    for (let i = 0; i < 10_000; i++) {
      queue.push(i + (i % 7), 2, i, i);
      if (i % 2 === 1) {
        const slot = queue.pop();
        expect(queue.timeOf(slot)).toBeGreaterThanOrEqual(last);
        last = queue.timeOf(slot);
      }
    }
    expect(queue.length).toBe(5000);
    expect(queue.peekTime()).toBeGreaterThanOrEqual(last);
  });
});
