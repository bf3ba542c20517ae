/**
 * Loading a scenario: parse → migrate → validate, and only then hand it over. Every failure is a
 * list of problems that say where (a path such as `nodes[3].config.partitions`), what was
 * expected and what was found, in the style of tldraw's validators ("At path: Expected X, got Y").
 */
import type { z } from 'zod';
import { migrate, type RawDocument } from './migrations';
import { NODE_KINDS, SCENARIO_FORMAT, Scenario } from './schema';

export type ScenarioProblem = { path: string; message: string };
export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

/** Parses a scenario from JSON text (a file, a share link, autosave). */
export function parseScenarioText(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '(file)', message: `not valid JSON: ${detail}` }] };
  }
  return parseScenario(data);
}

/** Validates an already-parsed document, migrating it from older format versions first. */
export function parseScenario(data: unknown): ParseResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, problems: [{ path: '(file)', message: `expected a JSON object, got ${typeName(data)}` }] };
  }
  const doc = data as RawDocument;
  if (doc['format'] !== SCENARIO_FORMAT) {
    return {
      ok: false,
      problems: [{ path: 'format', message: `expected "${SCENARIO_FORMAT}", got ${show(doc['format'])}` }],
    };
  }
  const migrated = migrate(doc);
  if (!migrated.ok) return { ok: false, problems: [{ path: migrated.path, message: migrated.message }] };
  const result = Scenario.safeParse(migrated.doc, { reportInput: true });
  if (result.success) return { ok: true, scenario: result.data };
  return { ok: false, problems: result.error.issues.map(toProblem) };
}

/** One line per problem: "at nodes[3].config.partitions: expected a whole number ≥ 1, got 0". */
export function formatProblems(problems: readonly ScenarioProblem[], limit = 8): string {
  const lines = problems.slice(0, limit).map((p) => `at ${p.path}: ${p.message}`);
  if (problems.length > limit) lines.push(`… and ${problems.length - limit} more`);
  return lines.join('\n');
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

function toProblem(issue: z.core.$ZodIssue): ScenarioProblem {
  const path = formatPath(issue.path);
  const found = 'input' in issue ? `, got ${show(issue.input)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { path, message: `required: expected ${article(issue.expected)}, but it is missing` }
        : { path, message: `expected ${article(issue.expected)}${found}` };
    case 'too_small':
      return { path, message: `expected ${bound(issue.origin, '≥', issue.minimum, issue.inclusive)}${found}` };
    case 'too_big':
      return { path, message: `expected ${bound(issue.origin, '≤', issue.maximum, issue.inclusive)}${found}` };
    case 'invalid_value':
      return { path, message: `expected one of ${issue.values.map((v) => show(v)).join(' | ')}${found}` };
    case 'unrecognized_keys':
      return {
        path,
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    case 'invalid_union': {
      const discriminator = 'discriminator' in issue ? issue.discriminator : undefined;
      if (typeof discriminator === 'string' && issue.errors.length === 0) {
        const input: unknown = 'input' in issue ? issue.input : undefined;
        const value =
          typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : input;
        const owner = issue.path.length >= 2 ? String(issue.path[issue.path.length - 2]) : '';
        const options = discriminatorOptions.get(discriminator === 'kind' ? 'kind' : owner);
        const expected = options ? `expected one of ${options}` : `unknown ${discriminator}`;
        return { path, message: `${expected}, got ${show(value)}` };
      }
      return { path, message: `${issue.message}${found}` };
    }
    case 'invalid_format':
      return {
        path,
        message: `${issue.format === 'regex' ? issue.message : `expected ${issue.format} format`}${found}`,
      };
    case 'invalid_element':
    case 'invalid_key':
      return { path, message: `${issue.message}${found}` };
    default:
      return { path, message: issue.message };
  }
}

/** What each discriminator of the format accepts, for messages about an unknown one. */
const discriminatorOptions = new Map<string, string>([
  ['kind', NODE_KINDS.map((k) => `"${k}"`).join(' | ')],
  ['processing', '"constant" | "exponential" | "uniform" | "lognormal"'],
  ['keys', '"uniform" | "zipf" | "null"'],
  ['traffic', '"rate" | "scripted"'],
]);

function bound(origin: string, op: '≥' | '≤', limit: number | bigint, inclusive: boolean | undefined): string {
  const strict = inclusive === false ? (op === '≥' ? '>' : '<') : op;
  switch (origin) {
    case 'string':
      return `text of length ${strict} ${limit}`;
    case 'array':
      return `a list of ${strict} ${limit} items`;
    default:
      return `a number ${strict} ${limit}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  const text = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
