import { describe, expect, it } from 'vitest';
import { backEdgePath, isBackEdge } from './backEdgePath';

describe('back edges', () => {
  it('are edges whose target handle is left of (or just right of) the source handle', () => {
    expect(isBackEdge(300, 0)).toBe(true);
    expect(isBackEdge(300, 320)).toBe(true);
    expect(isBackEdge(300, 400)).toBe(false);
  });

  it('leave to the right, run under both nodes, and come back in from the left', () => {
    const { path, labelX, labelY } = backEdgePath(300, 100, 0, 80, 160);
    expect(path.startsWith('M 300 100 L')).toBe(true);
    expect(path.endsWith('L 0 80')).toBe(true);
    // The lowest point is below the lower node, and the label sits on that run.
    const ys = [...path.matchAll(/-?\d+(\.\d+)? (-?\d+(\.\d+)?)/g)].map((m) => Number(m[2]));
    expect(Math.max(...ys)).toBe(188);
    expect([labelX, labelY]).toEqual([150, 188]);
  });
});
