/**
 * Migrations between scenario format versions. `MIGRATIONS[n]` turns a version-n document into a
 * version-(n+1) document; loading applies every step from the file's version up to
 * CURRENT_VERSION before validating. Version 1 is the first published version, so the table is
 * empty today; each future step must come with a before/after fixture in migrations.test.ts (a
 * test fails when one lacks it).
 */
import { CURRENT_VERSION } from './schema';

/** A document as read from JSON, before validation. */
export type RawDocument = Record<string, unknown>;
export type Migration = { readonly name: string; readonly up: (doc: RawDocument) => RawDocument };

export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type MigrationResult =
  { ok: true; doc: RawDocument; applied: string[] } | { ok: false; path: string; message: string };

/** Brings `doc` from its own `version` up to `target`, one named step at a time. */
export function migrate(
  doc: RawDocument,
  table: Readonly<Record<number, Migration>> = MIGRATIONS,
  target: number = CURRENT_VERSION,
): MigrationResult {
  const version = doc['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, path: 'version', message: `expected a whole number ≥ 1, got ${describe(version)}` };
  }
  if (version > target) {
    return {
      ok: false,
      path: 'version',
      message: `this file is format version ${version}, newer than this Eventscope reads (${target}); update Eventscope`,
    };
  }
  let current = doc;
  const applied: string[] = [];
  for (let v = version; v < target; v++) {
    const step = table[v];
    if (!step) return { ok: false, path: 'version', message: `no migration from version ${v} to ${v + 1}` };
    current = { ...step.up(current), version: v + 1 };
    applied.push(step.name);
  }
  return { ok: true, doc: current, applied };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value) ?? String(value);
}
