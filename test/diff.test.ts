import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { buildApparatus } from '../src/apparatus.js';
import { plainly, renderDiff } from '../src/commands/diff.js';
import { parseEdition } from '../src/edition.js';
import { Apparatus } from '../src/model.js';
import { textWitness } from '../src/witness.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const built = buildApparatus({ document: '511', edition: { file: 'transcripts/511.txt', parsed: parseEdition(read('transcripts/511.txt')) }, scan: { folder: 'w', pages: textWitness(read('fixtures/511/witness.txt'), 'w') }, partial: false });
const apparatus = Apparatus.parse({ ...built, witnesses: { ...built.witnesses, edition: { ...built.witnesses.edition, digest: 'sha256:x' } } });
const ESC = '\u001b[';

describe('collate diff: the differences for reading', () => {
  it('plain: page and line in the margin, [-edition-]{+scan+} with the type, wrapped to the width', () => {
    const text = renderDiff(apparatus, { types: ['garble'], color: false, width: 80 });
    expect(text).not.toContain(ESC);
    expect(text).toMatch(/^p\.1 l\.30 {6}It was no coincidence/m);
    expect(text.replace(/\n\s+/g, ' ')).toContain('which [-[apparent omission]-]{+(*)+}<garble/omission> outside world');
    expect(text.match(/<garble\/omission>/g)).toHaveLength(6);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).not.toContain('<accidental');
  });

  it('in colour: each type its own colour, OCR dimmed', () => {
    const text = renderDiff(apparatus, { color: true, width: 120 });
    expect(text).toContain(`${ESC}35m`); // garble: magenta
    expect(text).toContain(`${ESC}36m`); // editorial: cyan
    expect(text).toContain(`${ESC}33m`); // accidental: yellow
  });

  it('side by side: the edition’s context beside the scan’s line', () => {
    const text = renderDiff(apparatus, { types: ['substantive'], sideBySide: true, color: false, width: 120 });
    const rows = text.split('\n').filter((row) => row.includes('│'));
    expect(rows.length).toBeGreaterThan(8);
    expect(rows.map((row) => row.split('│')[0]).join(' ')).toMatch(/approached with\s+same/);
    expect(rows.map((row) => row.split('│')[1]).join(' ')).toContain('{+some+}<substantive/change>');
  });

  describe('through the CLI', () => {
    let stdout: string[];
    beforeEach(() => {
      stdout = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (stdout.push(String(chunk)), true));
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    });
    afterEach(() => vi.restoreAllMocks());

    it('is plain when piped, and refuses a type that is not one', async () => {
      expect(await main(['node', 'collate', 'diff', '511', '--ocr', path.join(root, 'fixtures/511/witness.txt'), '--type', 'editorial'])).toBe(0);
      expect(stdout.join('')).not.toContain(ESC);
      expect(stdout.join('')).toMatch(/<editorial\/correction( accepted)?>/);
      expect(await main(['node', 'collate', 'diff', '511', '--ocr', path.join(root, 'fixtures/511/witness.txt'), '--type', 'variant'])).toBe(2);
    });

    it('names a hyphen or a dash instead of printing [---], and its header counts the whole document', async () => {
      expect(await main(['node', 'collate', 'diff', '511', '--ocr', path.join(root, 'fixtures/511/witness.txt'), '--type', 'accidental'])).toBe(0);
      const text = stdout.join('');
      expect(text).not.toContain('[---]');
      expect(text).toContain('be roughly as follows:[-‹hyphen›-]<accidental/punctuation>');
      const header = text.split('\n\n')[0]!.replace(/\s+/g, ' ');
      const count = (type: string) => apparatus.entries.filter((e) => e.type === type).length;
      expect(header).toContain(`garble 6, editorial ${count('editorial')}, substantive ${count('substantive')}, accidental ${count('accidental')}, ocr ${count('ocr')}`);
      expect(header).toContain(`; showing accidental only: ${count('accidental')} of ${apparatus.entries.length} entries`);
    });
  });
});

describe('plainly: marks that the diff markers would swallow', () => {
  it('names hyphens, dashes and plus signs, and leaves everything else as written', () => {
    expect(['-', '---', '—', '+', '.', 'post-war', ''].map(plainly)).toEqual(['‹hyphen›', '‹dash, 3 hyphens›', '‹em dash›', '‹plus›', '.', 'post-war', '']);
  });
});
