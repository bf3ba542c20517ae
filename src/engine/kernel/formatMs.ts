/** A duration for the texts the engine writes ("why?" panels, message lives): 12.5 ms, 3.2 s. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms * 10) / 10} ms` : `${Math.round(ms / 100) / 10} s`;
}
