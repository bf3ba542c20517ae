/** Message headers typed as JSON in "Where would it go?": an object of strings, numbers, booleans and nulls. */

export type HeaderTable = Record<string, string | number | boolean | null>;

/** The headers, nothing for an empty text, or an error message saying where and what was expected. */
export function parseHeaders(text: string): { headers?: HeaderTable; error?: string } {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'expected an object such as { "format": "pdf" }' };
  }
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && !['string', 'number', 'boolean'].includes(typeof v)) {
      return {
        error: `at ${key}: expected a string, number, boolean or null, got ${Array.isArray(v) ? 'an array' : typeof v}`,
      };
    }
  }
  return { headers: value as HeaderTable };
}
