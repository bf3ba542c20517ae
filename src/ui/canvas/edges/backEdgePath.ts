/**
 * The path of an edge that runs backwards: from a source handle on a node's right to a target
 * handle left of it (a callback queue back to its RPC client, a dead-letter exchange upstream).
 * A bezier would swing an S through both nodes; this one leaves to the right, runs under both
 * nodes, and comes back in from the left, with rounded corners.
 */

/** How far the path runs beside a handle before it turns, and under the lower node. */
const STUB = 24;
const CLEARANCE = 28;
const RADIUS = 12;

/** Whether an edge from (sourceX) to (targetX) runs backwards, so a bezier would cross its nodes. */
export function isBackEdge(sourceX: number, targetX: number): boolean {
  return targetX < sourceX + STUB * 2;
}

/**
 * The SVG path and its label point for a back edge whose nodes end at `bottom` (the lower of the
 * two nodes' bottoms, in flow coordinates).
 *
 * @example
 * backEdgePath(300, 100, 0, 80, 160).path.startsWith('M 300 100') // true
 */
export function backEdgePath(
  sourceX: number,
  sourceY: number,
  targetX: number,
  targetY: number,
  bottom: number,
): { path: string; labelX: number; labelY: number } {
  const right = sourceX + STUB;
  const left = targetX - STUB;
  const under = Math.max(bottom, sourceY, targetY) + CLEARANCE;
  const points: [number, number][] = [
    [sourceX, sourceY],
    [right, sourceY],
    [right, under],
    [left, under],
    [left, targetY],
    [targetX, targetY],
  ];
  return { path: roundedPath(points, RADIUS), labelX: (right + left) / 2, labelY: under };
}

/** A polyline through `points` with its inner corners rounded (radius capped by the segments). */
function roundedPath(points: readonly [number, number][], radius: number): string {
  const [first] = points as [[number, number]];
  let d = `M ${first[0]} ${first[1]}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i - 1] as [number, number];
    const [x, y] = points[i] as [number, number];
    const [nx, ny] = points[i + 1] as [number, number];
    const r = Math.min(radius, Math.hypot(x - px, y - py) / 2, Math.hypot(nx - x, ny - y) / 2);
    const inX = x - Math.sign(x - px) * r;
    const inY = y - Math.sign(y - py) * r;
    const outX = x + Math.sign(nx - x) * r;
    const outY = y + Math.sign(ny - y) * r;
    d += ` L ${inX} ${inY} Q ${x} ${y} ${outX} ${outY}`;
  }
  const [lx, ly] = points[points.length - 1] as [number, number];
  return `${d} L ${lx} ${ly}`;
}
