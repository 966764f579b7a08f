import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apparatusJsonSchema, SCHEMA_FILE, SCHEMA_PATH } from '../src/schema.js';

describe('schema/apparatus.schema.json', () => {
  it('is what the zod schema generates (run `npm run schema` after changing the model)', () => {
    const committed: unknown = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', SCHEMA_FILE), 'utf8'));
    expect(committed).toEqual(apparatusJsonSchema());
  });

  it('is found where collate is installed, not where it is run from', () => {
    expect(SCHEMA_PATH).toBe(path.resolve(import.meta.dirname, '..', SCHEMA_FILE));
  });

  it('holds the contract’s fields', () => {
    const schema = apparatusJsonSchema() as { required: string[]; properties: { entries: { items: { required: string[] } } } };
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'document', 'witnesses', 'entries', 'stripped']));
    expect(schema.properties.entries.items.required).toEqual(expect.arrayContaining(['id', 'type', 'lemma', 'reading', 'page', 'scan', 'edition', 'context', 'status']));
  });
});
