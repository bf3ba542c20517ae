/** Virtual time as the group's history and notes print it: 12345 ms → "12.3 s". */
export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
