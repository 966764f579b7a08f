/**
 * `collate run` through the real CLI, with a plain-text scan witness so no OCR is needed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { captureOutput } from './helpers/output.js';
import { Apparatus } from '../src/model.js';

const { stdout, stderr } = captureOutput();

const root = path.resolve(import.meta.dirname, '..');
const WITNESS = path.join(root, 'fixtures/511/witness.txt');
const EDITION = path.join(root, 'transcripts/511.txt');
const cli = (...args: string[]) => main(['node', 'collate', ...args]);
const file = (name: string, data: string | Buffer) => {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'collate-run-')), name);
  writeFileSync(p, data);
  return p;
};
const apparatusOut = () => Apparatus.parse(JSON.parse(stdout.join('')));

describe('collate run', () => {
  it('writes a valid apparatus with the contract’s fields', async () => {
    expect(await cli('run', '511', '--ocr', WITNESS, '--format', 'json')).toBe(0);
    const apparatus = apparatusOut();
    expect(apparatus).toMatchObject({ schemaVersion: 1, document: '511', witnesses: { edition: { file: expect.stringMatching(/transcripts\/511\.txt$/), digest: expect.stringMatching(/^sha256:/) } } });
    expect(apparatus.entries.filter((e) => e.type === 'garble')).toHaveLength(6);
  });

  it('writes atomically to --out, and the same texts give the same ids', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'collate-out-')), 'a.json');
    expect(await cli('run', '511', '--ocr', WITNESS, '--out', out)).toBe(0);
    expect(await cli('run', '511', '--ocr', WITNESS, '--format', 'json')).toBe(0);
    const again = apparatusOut();
    expect((JSON.parse(readFileSync(out, 'utf8')) as Apparatus).entries.map((e) => e.id)).toEqual(again.entries.map((e) => e.id));
  });

  it('writes TEI indented, one element a line outside the text', async () => {
    expect(await cli('run', '511', '--ocr', WITNESS, '--format', 'tei')).toBe(0);
    const xml = stdout.join('');
    expect(xml.split('\n').length).toBeGreaterThan(50);
    expect(xml).toMatch(/\n {4}<body>\n {6}<p>/);
  });

  it('accepts a byte-order mark and CRLF line ends, with the same entries', async () => {
    await cli('run', '511', '--ocr', WITNESS, '--format', 'json');
    const plain = apparatusOut().entries.map((e) => [e.type, e.lemma, e.reading]);
    stdout.length = 0;
    const crlf = file('511.txt', `\ufeff${readFileSync(EDITION, 'utf8').replace(/\n/g, '\r\n')}`);
    expect(await cli('run', '511', '--ocr', WITNESS, '--transcript', crlf, '--format', 'json')).toBe(0);
    expect(apparatusOut().entries.map((e) => [e.type, e.lemma, e.reading])).toEqual(plain);
  });

  it('warns of an unbalanced bracket at its place, and still collates', async () => {
    const broken = file('511.txt', readFileSync(EDITION, 'utf8').replace('Feb 3 [13]', 'Feb 3 [13'));
    expect(await cli('run', '511', '--ocr', WITNESS, '--transcript', broken, '--format', 'json')).toBe(0);
    expect(stderr.join('')).toMatch(/warning: .*511\.txt:23:29: a "\[" is not closed on its line; read as text/);
  });

  it('a usage error is one line, prefixed, exit code 2', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await cli('run', '511', '--format', 'pdf')).toBe(2);
    const lines = stderr.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^collate: option '--format <format>' argument 'pdf' is invalid/);
  });

  const bad: [string, () => string[], RegExp][] = [
    // A copy of the transcript without its decisions, so no orphan warning joins the error line.
    ['an --out that cannot be written', () => ['--transcript', file('511.txt', readFileSync(EDITION)), '--out', path.join(file('not-a-folder', 'x'), 'a.json')], /not-a-folder\/a\.json: cannot write the apparatus there/],
    ['a transcript that is not UTF-8', () => ['--transcript', file('511.txt', Buffer.from('Secretary of State,\nCaf\xe9 society\n', 'latin1'))], /511\.txt:2:4: the transcript is not UTF-8 \(byte 0xe9 at offset 23\)/],
    ['an empty transcript', () => ['--transcript', file('511.txt', '\n\n')], /511\.txt: the transcript is empty/],
    ['a missing transcript', () => ['--transcript', '/no/such.txt'], /\/no\/such\.txt: cannot read the transcript/],
    ['a page range outside the document', () => ['--pages', '2'], /--pages "2": the document has 1 page, so page 2 does not exist/],
  ];
  it.each(bad)('%s is exit code 2 with one clear line', async (_name, args, message) => {
    expect(await cli('run', '511', '--ocr', WITNESS, ...args())).toBe(2);
    expect(stderr.join('').trim().split('\n')).toHaveLength(1);
    expect(stderr.join('')).toMatch(message);
    expect(stdout.join('')).toBe('');
  });
});
