/** Tour text helpers: paragraphs from plain text, and the short times on "Run to" buttons. */

/** Blank lines separate paragraphs; single line breaks stay inside one. */
export function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** 12000 → "12 s", 2500 → "2.5 s", 90000 → "1 min 30 s". */
export function formatTourTime(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  const rest = Math.round((s - min * 60) * 10) / 10;
  return rest === 0 ? `${min} min` : `${min} min ${rest} s`;
}
