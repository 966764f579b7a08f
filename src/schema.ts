/**
 * The apparatus's JSON Schema, generated from the zod schema in model.ts, which stays the single source
 * of truth. `npm run schema` writes it to schema/apparatus.schema.json; a test keeps the two in step.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Apparatus } from './model.js';

export function apparatusJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Apparatus, { target: 'draft-2020-12' }),
    $id: 'https://collate.invalid/schema/apparatus.schema.json',
    title: 'collate apparatus',
    description: 'What `collate run --format json` writes: the differences between a scan and an edition, typed and placed.',
  };
}

export const SCHEMA_FILE = 'schema/apparatus.schema.json';

/** The schema that ships with collate, wherever collate is run from (beside dist/ and src/ alike). */
export const SCHEMA_PATH = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url));
