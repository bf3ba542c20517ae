import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, type Migration } from './migrations';
import { CURRENT_VERSION } from './schema';

/** Before/after fixtures, one per migration step (none yet: version 1 is the first). */
const FIXTURES: Record<number, { before: Record<string, unknown>; after: Record<string, unknown> }> = {};

describe('migrations', () => {
  it('has a step for every version below the current one, each with a before/after fixture', () => {
    for (let v = 1; v < CURRENT_VERSION; v++) {
      expect(MIGRATIONS[v], `migration ${v} → ${v + 1}`).toBeDefined();
      const fixture = FIXTURES[v];
      expect(fixture, `fixture for migration ${v} → ${v + 1}`).toBeDefined();
      expect(MIGRATIONS[v]!.up(fixture!.before)).toEqual(fixture!.after);
    }
    expect(
      Object.keys(MIGRATIONS)
        .map(Number)
        .every((v) => v < CURRENT_VERSION),
    ).toBe(true);
  });

  it('applies named steps in order from the file version up to the target', () => {
    const table: Record<number, Migration> = {
      1: { name: 'rename topics', up: (doc) => ({ ...doc, nodes: ['renamed'] }) },
      2: { name: 'add run', up: (doc) => ({ ...doc, run: { durationMs: 1 } }) },
    };
    const result = migrate({ version: 1, nodes: [] }, table, 3);
    expect(result).toEqual({
      ok: true,
      doc: { version: 3, nodes: ['renamed'], run: { durationMs: 1 } },
      applied: ['rename topics', 'add run'],
    });
    expect(migrate({ version: 2, nodes: [] }, table, 3)).toMatchObject({ ok: true, applied: ['add run'] });
  });

  it('refuses newer, missing or malformed versions', () => {
    expect(migrate({ version: 4 }, {}, 3)).toMatchObject({ ok: false, path: 'version' });
    expect(migrate({ version: 1 }, {}, 2)).toEqual({
      ok: false,
      path: 'version',
      message: 'no migration from version 1 to 2',
    });
    expect(migrate({ version: '1' })).toMatchObject({ ok: false, message: 'expected a whole number ≥ 1, got "1"' });
  });

  it('leaves a current-version document as it is', () => {
    expect(migrate({ version: CURRENT_VERSION, nodes: [] })).toEqual({
      ok: true,
      doc: { version: CURRENT_VERSION, nodes: [] },
      applied: [],
    });
  });
});
