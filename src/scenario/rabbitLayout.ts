/**
 * Canvas positions for an imported RabbitMQ topology: left to right in the direction messages flow.
 * Within each connected group of nodes, a node's column is the longest chain of links leading to it
 * (bindings, alternate exchanges, dead-letter exchanges), so a plain setup reads "exchange | queues",
 * an exchange-to-exchange binding adds a column, and a dead-letter exchange and its queue sit right
 * of the queues they serve. Links that close a cycle are ignored for the columns. Groups are then
 * packed in rows (shelves), so twenty small unrelated topologies do not make one very tall column.
 *
 * @example
 * // orders (exchange) → billing, shipping (queues) → dlx (exchange) → dead-letters (queue)
 * // columns:             0          1                   2                3
 */

/** Room for a node: the canvas draws exchanges about 270 px wide and 160–220 high, queues about 290 × 200–250. */
export const COLUMN_WIDTH = 400;
export const ROW_HEIGHT = 280;
/** Space between packed groups. */
const GAP = 120;

type Position = { x: number; y: number };

/** `nodes` in the order rows are filled; `links` as [from, to] ids. Returns a position per id. */
export function layoutColumns(
  nodes: readonly string[],
  links: readonly (readonly [string, string])[],
): Map<string, Position> {
  const known = new Set(nodes);
  const valid = links.filter(([from, to]) => known.has(from) && known.has(to));
  const groups = connectedGroups(nodes, valid).map((group) => layoutGroup(group, valid));

  // Shelf packing, aiming at a canvas about 1.6 times as wide as it is high.
  const area = groups.reduce((sum, g) => sum + (g.width + GAP) * (g.height + GAP), 0);
  const shelfWidth = Math.max(...groups.map((g) => g.width), Math.sqrt(area * 1.6));
  const positions = new Map<string, Position>();
  let x = 0;
  let y = 0;
  let shelfHeight = 0;
  for (const group of groups) {
    if (x > 0 && x + group.width > shelfWidth) {
      x = 0;
      y += shelfHeight + GAP;
      shelfHeight = 0;
    }
    for (const [id, p] of group.positions) positions.set(id, { x: x + p.x, y: y + p.y });
    x += group.width + GAP;
    shelfHeight = Math.max(shelfHeight, group.height);
  }
  return positions;
}

/** Groups of nodes linked to each other (either way), each in node order, groups in order of their first node. */
function connectedGroups(nodes: readonly string[], links: readonly (readonly [string, string])[]): string[][] {
  const parent = new Map<string, string>(nodes.map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(id, root);
    return root;
  };
  for (const [from, to] of links) parent.set(find(from), find(to));
  const groups = new Map<string, string[]>();
  for (const id of nodes) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()];
}

function layoutGroup(
  nodes: readonly string[],
  links: readonly (readonly [string, string])[],
): { positions: Map<string, Position>; width: number; height: number } {
  const inGroup = new Set(nodes);
  const out = new Map<string, string[]>(nodes.map((id) => [id, []]));
  for (const [from, to] of links) if (inGroup.has(from)) out.get(from)?.push(to);

  // Depth-first search in node order; an edge to a node still on the stack closes a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = []; // post-order; reversed, a topological order of the forward edges
  const forward: [string, string][] = [];
  for (const start of nodes) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const targets = out.get(top.id) ?? [];
      if (top.next < targets.length) {
        const to = targets[top.next++] as string;
        if (state.get(to) === 'open') continue; // back edge
        forward.push([top.id, to]);
        if (!state.has(to)) {
          state.set(to, 'open');
          stack.push({ id: to, next: 0 });
        }
      } else {
        state.set(top.id, 'done');
        order.push(top.id);
        stack.pop();
      }
    }
  }
  order.reverse();

  const rank = new Map<string, number>(nodes.map((id) => [id, 0]));
  const incoming = new Map<string, string[]>();
  for (const [from, to] of forward) incoming.set(to, [...(incoming.get(to) ?? []), from]);
  for (const id of order) {
    for (const from of incoming.get(id) ?? []) rank.set(id, Math.max(rank.get(id) ?? 0, (rank.get(from) ?? 0) + 1));
  }

  const columns: string[][] = [];
  for (const id of nodes) (columns[rank.get(id) ?? 0] ??= []).push(id);
  const tallest = Math.max(...columns.map((c) => c.length));
  const positions = new Map<string, Position>();
  columns.forEach((column, r) => {
    // Rows follow the nodes they come from (mean y of those already placed), so a queue sits beside
    // its exchange; nodes fed by nothing placed keep node order, after the others.
    const key = (id: string) => {
      const ys = (incoming.get(id) ?? []).flatMap((from) => positions.get(from)?.y ?? []);
      return ys.length > 0 ? ys.reduce((a, b) => a + b, 0) / ys.length : Infinity;
    };
    const ordered = r === 0 ? column : [...column].sort((a, b) => key(a) - key(b) || 0);
    const offset = ((tallest - column.length) * ROW_HEIGHT) / 2; // centre shorter columns
    ordered.forEach((id, row) => positions.set(id, { x: r * COLUMN_WIDTH, y: offset + row * ROW_HEIGHT }));
  });
  return { positions, width: columns.length * COLUMN_WIDTH, height: tallest * ROW_HEIGHT };
}
