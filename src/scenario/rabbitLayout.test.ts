import { describe, expect, it } from 'vitest';
import { COLUMN_WIDTH, layoutColumns, ROW_HEIGHT } from './rabbitLayout';

describe('layoutColumns', () => {
  it('puts each node one column right of what feeds it, dead letters last', () => {
    const at = layoutColumns(
      ['orders', 'dlx', 'billing', 'shipping', 'dead-letters'],
      [
        ['orders', 'billing'],
        ['orders', 'shipping'],
        ['billing', 'dlx'],
        ['shipping', 'dlx'],
        ['dlx', 'dead-letters'],
      ],
    );
    const column = (id: string) => (at.get(id)?.x ?? NaN) / COLUMN_WIDTH;
    expect(['orders', 'billing', 'shipping', 'dlx', 'dead-letters'].map(column)).toEqual([0, 1, 1, 2, 3]);
    expect(at.get('billing')?.y).not.toBe(at.get('shipping')?.y);
  });

  it('ignores a link that closes a cycle and still places every node once', () => {
    const at = layoutColumns(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ],
    );
    expect(['a', 'b', 'c'].map((id) => at.get(id)?.x)).toEqual([0, COLUMN_WIDTH, 2 * COLUMN_WIDTH]);
  });

  it('packs unrelated groups side by side and in rows, never overlapping', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => [`x${i}`, `q${i}a`, `q${i}b`]).flat();
    const links = Array.from({ length: 12 }, (_, i) => [
      [`x${i}`, `q${i}a`] as const,
      [`x${i}`, `q${i}b`] as const,
    ]).flat();
    const at = [...layoutColumns(nodes, links).values()];
    expect(at).toHaveLength(36);
    const xs = new Set(at.map((p) => p.x));
    const ys = new Set(at.map((p) => p.y));
    expect(xs.size).toBeGreaterThan(2); // not one tall pair of columns
    expect(ys.size).toBeGreaterThan(2);
    for (const a of at) {
      for (const b of at) {
        if (a === b) continue;
        expect(Math.abs(a.x - b.x) >= COLUMN_WIDTH || Math.abs(a.y - b.y) >= ROW_HEIGHT).toBe(true);
      }
    }
  });
});
