// Writes schema/apparatus.schema.json from the zod schema (run after `npm run build`).
import { writeFileSync, mkdirSync } from 'node:fs';
import { apparatusJsonSchema, SCHEMA_FILE } from '../dist/schema.js';

mkdirSync('schema', { recursive: true });
writeFileSync(SCHEMA_FILE, `${JSON.stringify(apparatusJsonSchema(), null, 2)}\n`);
process.stderr.write(`wrote ${SCHEMA_FILE}\n`);
