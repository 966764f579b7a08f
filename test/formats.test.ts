import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { captureOutput } from './helpers/output.js';
import { formatOf, readAlto, readHocr } from '../src/formats.js';
import { Apparatus } from '../src/model.js';
import { characterErrors, rate } from '../src/metrics.js';
import { stripDocument } from '../src/strip.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const truthBody = (JSON.parse(read('fixtures/878/page-03.truth.json')) as { lines: { text: string; class: string }[] }).lines.filter((l) => l.class === 'body').map((l) => l.text).join(' ');
const flow = (lines: string[]) => lines.join(' ').replace(/\s+/g, ' ');

describe('formats: hOCR and ALTO from another engine', () => {
  it('knows a format by its content', () => {
    expect(formatOf(read('fixtures/878/page-03.tesseract.hocr'))).toBe('hocr');
    expect(formatOf(read('fixtures/878/page-03.tesseract.alto.xml'))).toBe('alto');
    expect(formatOf('Secretary of State,\n')).toBe('text');
  });

  it.each([
    ['hOCR', () => readHocr(read('fixtures/878/page-03.tesseract.hocr'), 'p3.hocr')],
    ['ALTO', () => readAlto(read('fixtures/878/page-03.tesseract.alto.xml'), 'p3.xml')],
  ])('reads %s into pages of lines and words with boxes and confidences, which strip like our own', (_name, load) => {
    const pages = load();
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ width: 2550, height: 3300, file: 'scans/878/page-03.jpg' });
    const words = pages[0]!.lines.flatMap((l) => l.words);
    expect(words.length).toBeGreaterThan(300);
    for (const w of words) {
      expect(w.bbox[2]).toBeGreaterThanOrEqual(w.bbox[0]);
      expect(w.confidence).toBeGreaterThanOrEqual(0);
      expect(w.confidence).toBeLessThanOrEqual(100);
    }
    const [stripped] = stripDocument(pages);
    expect(stripped!.stripped.map((s) => s.rule)).toEqual(expect.arrayContaining(['continuation-header', 'signature']));
    expect(rate(characterErrors(truthBody, flow(stripped!.body.map((l) => l.text))))).toBeLessThan(0.02);
  });
});

describe('collate run --ocr with hOCR and ALTO', () => {
  const { stdout, stderr } = captureOutput();

  it('collates a page of hOCR, placed in the edition, with its stripped lines on record', async () => {
    expect(await main(['node', 'collate', 'run', '878', '--ocr', path.join(root, 'fixtures/878/page-03.tesseract.hocr'), '--pages', '1', '--format', 'json'])).toBe(0);
    const apparatus = Apparatus.parse(JSON.parse(stdout.join('')));
    const text = read("transcripts/878.txt");
    // The span begins where page 3's text begins in the edition (a catchword-continued sentence).
    expect(text.slice(apparatus.witnesses.edition.span.start)).toMatch(new RegExp(`^${truthBody.split(' ').slice(0, 3).join('\\s+')}`));
    expect(apparatus.witnesses.edition.span.start).toBeGreaterThan(text.length / 2);
    // The signature is the letter's frame, which FRUS moves into its heading: not a variant.
    expect(apparatus.entries.filter((e) => e.type === 'substantive').map((e) => e.reading)).toEqual([]);
    expect(apparatus.entries.filter((e) => e.subtype === 'frame').map((e) => e.reading)).toEqual(['KENNAN']);
    expect(apparatus.stripped.map((s) => s.class)).toEqual(expect.arrayContaining(['continuation-header', 'signature', 'classification']));
  });

  it('refuses hOCR or ALTO that does not parse, at its line and column', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'collate-alto-')), 'page.xml');
    writeFileSync(file, '<?xml version="1.0"?>\n<alto>\n<Layout><Page></Layout>\n</alto>\n');
    expect(await main(['node', 'collate', 'run', '878', '--ocr', file])).toBe(2);
    expect(stderr.join('')).toMatch(/page\.xml:3:\d+: the ALTO file does not parse: Expected closing tag 'Page'/);
    expect(stderr.join('').trim().split('\n')).toHaveLength(1);
  });
});
