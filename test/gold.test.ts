/**
 * The gold apparatus of telegram 511, typed by hand from the two seed texts (fixtures/511/GOLD.md): the tool,
 * given the seed's scan-side text, must reproduce it exactly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/commands/run.js';

const root = path.resolve(import.meta.dirname, '..');
interface GoldEntry {
  type: string;
  subtype?: string;
  lemma: string;
  reading: string;
  edition: { start: number; end: number };
}
const key = (e: GoldEntry) => `${e.edition.start}-${e.edition.end} ${e.type}/${e.subtype ?? ''} ${JSON.stringify(e.lemma)} → ${JSON.stringify(e.reading)}`;

describe('fixtures/511/apparatus.gold.json', () => {
  it('is what collate run makes of the seed’s scan-side text', async () => {
    const gold = (JSON.parse(readFileSync(path.join(root, 'fixtures/511/apparatus.gold.json'), 'utf8')) as { entries: GoldEntry[] }).entries;
    const { apparatus } = await run('511', { ocrFile: path.join(root, 'fixtures/511/witness.txt'), transcript: path.join(root, 'transcripts/511.txt') });
    expect(apparatus.entries.map(key)).toEqual(gold.map(key));
    expect(gold.filter((e) => e.type === 'garble')).toHaveLength(6);
  });
});
