import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, expect, test } from 'vitest';

import { createTempDb } from '@/lib/testing/temp-db';

const SCALARS = new Set(['Int', 'String', 'Float', 'Boolean', 'DateTime', 'BigInt', 'Bytes']);

/** model → [{ field, optional }] for scalar fields, read from prisma/schema.prisma. */
function schemaModels(): Map<string, { field: string; optional: boolean }[]> {
  const text = readFileSync('prisma/schema.prisma', 'utf8');
  const models = new Map<string, { field: string; optional: boolean }[]>();
  for (const m of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields = [];
    for (const line of m[2]!.split('\n')) {
      const f = /^\s+(\w+)\s+(\w+)(\??)(\[\])?/.exec(line);
      if (f && SCALARS.has(f[2]!) && !f[4]) fields.push({ field: f[1]!, optional: f[3] === '?' });
    }
    models.set(m[1]!, fields);
  }
  return models;
}

const t = createTempDb();
afterAll(() => t.close());

test('the committed migrations create every column of prisma/schema.prisma, with its nullability', () => {
  const models = schemaModels();
  expect([...models.keys()]).toEqual(expect.arrayContaining(['Dataset', 'Merchant', 'User', 'Event', 'ModelRun', 'RecommendationList', 'MerchantCache', 'Segment', 'SegmentExport']));
  for (const [model, fields] of models) {
    const cols = t.db.prepare(`PRAGMA table_info("${model}")`).all() as { name: string; notnull: number; pk: number }[];
    expect(cols.length, `table ${model}`).toBeGreaterThan(0);
    const byName = new Map(cols.map((c) => [c.name, c]));
    for (const { field, optional } of fields) {
      const col = byName.get(field);
      expect(col, `${model}.${field}`).toBeDefined();
      if (col!.pk === 0) expect(col!.notnull === 0, `${model}.${field} nullability`).toBe(optional);
    }
    expect(cols.length, `${model} has no columns beyond the schema`).toBe(fields.length);
  }
});

test('every @@index of prisma/schema.prisma exists, with its columns in order (user, merchant and time lookups of Event among them)', () => {
  const text = readFileSync('prisma/schema.prisma', 'utf8');
  const wanted: string[] = [];
  for (const m of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    for (const ix of m[2]!.matchAll(/@@index\(\[([^\]]+)\]\)/g)) wanted.push(`${m[1]}(${ix[1]!.replace(/\s+/g, '')})`);
  }
  expect(wanted).toEqual(expect.arrayContaining(['Event(merchantId,eventTime)', 'Event(eventTime)']));
  const present = new Set<string>();
  for (const { name, tbl_name } of t.db.prepare("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'").all() as { name: string; tbl_name: string }[]) {
    const cols = (t.db.prepare(`PRAGMA index_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
    present.add(`${tbl_name}(${cols.join(',')})`);
  }
  for (const w of wanted) expect(present.has(w), w).toBe(true);
  // user → events is the primary key's order.
  expect((t.db.prepare('PRAGMA table_info("Event")').all() as { name: string; pk: number }[]).filter((c) => c.pk === 1)[0]!.name).toBe('userId');
});

test('applying migrations again changes nothing, and a changed migration is refused', async () => {
  const { applyMigrations } = await import('./migrate');
  const committed = readdirSync(path.join(process.cwd(), 'prisma', 'migrations'), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  expect(committed).toBeGreaterThanOrEqual(3);
  expect(applyMigrations(t.db)).toEqual({ applied: [], alreadyApplied: committed });
  t.db.prepare("UPDATE _prisma_migrations SET checksum = 'x' WHERE migration_name LIKE '%_init'").run();
  expect(() => applyMigrations(t.db)).toThrow(/migration 20261122000000_init was changed after it was applied/);
});
