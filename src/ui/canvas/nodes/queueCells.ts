/** How a queue node draws its contents as a row of cells: ready messages filled, unacknowledged hollow. */

/** Cells drawn for the queue's contents; more messages than this are drawn in proportion. */
export const QUEUE_CELLS = 16;

/**
 * How many cells show ready and unacknowledged messages: exact up to `cells`, then in proportion,
 * with at least one cell for each kind that is present.
 * @example queueCells(90, 10) // { ready: 14, unacked: 2 }
 */
export function queueCells(ready: number, unacked: number, cells = QUEUE_CELLS): { ready: number; unacked: number } {
  if (ready + unacked <= cells) return { ready, unacked };
  let u = unacked > 0 ? Math.max(1, Math.round((cells * unacked) / (ready + unacked))) : 0;
  if (ready > 0) u = Math.min(u, cells - 1);
  return { ready: cells - u, unacked: u };
}
