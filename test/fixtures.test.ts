import { readFileSync } from 'node:fs';
import path from 'node:path';
import DiffMatchPatch from 'diff-match-patch';
import { describe, expect, it } from 'vitest';
import { loadTruth } from '../src/files.js';
import type { TruthPage } from '../src/model.js';
import { bodyLines, messageText } from '../src/truth.js';

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const squash = (text: string) => text.replace(/\s+/g, '');
/** The line as the seed transcribed it: struck marks in ~~, otherwise its seedText or text. */
const asSeed = (line: TruthPage['lines'][number]) => line.seedText ?? (line.struck ? `~~${line.text}~~` : line.text);

/** The share of `a`'s words that a word-level diff finds in `b`. */
function wordsMatched(a: string, b: string): number {
  const dmp = new DiffMatchPatch();
  const vocabulary = new Map<string, string>();
  const encode = (text: string) =>
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => {
        if (!vocabulary.has(word)) vocabulary.set(word, String.fromCharCode(0x100 + vocabulary.size));
        return vocabulary.get(word);
      })
      .join('');
  const diffs = dmp.diff_main(encode(a), encode(b), false);
  const equal = diffs.filter(([op]) => op === 0).reduce((n, [, text]) => n + text.length, 0);
  return equal / encode(a).length;
}

describe('fixtures/511: the 19 scanned pages of telegram 511', async () => {
  const { pages } = await loadTruth(path.join(root, 'fixtures/511'));

  it('has the pages the document numbers, in order', () => {
    expect(pages.map((p) => p.label)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '13½', '14', '15', '15½', '16', '17']);
  });

  it('loses nothing of the seed transcription: every line, once, in order', () => {
    const seed = read('fixtures/seeds/001_e3225f346bbef510.txt').split('\n');
    const first = seed.indexOf('DEPARTMENT OF STATE');
    const last = seed.indexOf('KENNAN');
    const lines = pages.flatMap((p) => p.lines);
    const numbered = lines.map((line) => line.seedLine ?? 0);
    expect(numbered.every((n, i) => i === 0 || n >= numbered[i - 1]!)).toBe(true);
    for (let n = first + 1; n <= last + 1; n++) {
      const source = seed[n - 1] ?? '';
      const pieces = lines.filter((line) => line.seedLine === n);
      if (source.trim() === '') expect(pieces).toEqual([]);
      else expect(squash(pieces.map(asSeed).join('')), `seed line ${n}`).toBe(squash(source));
    }
    expect(lines.filter((line) => line.seedLine === undefined || line.seedLine <= first || line.seedLine > last + 1)).toEqual([]);
  });

  it('repeats each catchword at the head of the next page’s body', () => {
    pages.forEach((page, i) => {
      const catchword = page.lines.find((line) => line.class === 'catchword');
      if (catchword) expect(bodyLines(pages[i + 1]!)[0]?.text.startsWith(catchword.text.replace(/\.$/, '')), `page ${page.label}`).toBe(true);
    });
    expect(pages.filter((p) => p.lines.some((l) => l.class === 'catchword')).length).toBeGreaterThanOrEqual(14);
  });

  it('joins its body regions, catchwords dropped, into exactly the scan’s message text', () => {
    const message = messageText(pages);
    expect(message).toBe(read('fixtures/511/message.txt'));
    expect(message.startsWith('Secretary of State,\nWashington.\n511, February 22, 9 p.m.\nAnswer to Dept\'s 284, Feb 3 involves')).toBe(true);
    expect(message.trimEnd().endsWith('with whom we are coping.')).toBe(true);
    expect(message.match(/\(\*\)/g)).toHaveLength(6);
    for (const boilerplate of ['DECLASSIFIED', 'E.O. 11652', '#511, February', 'NARS', 'INCOMING TELEGRAM', 'No paraphrase']) expect(message).not.toContain(boilerplate);
  });

  it('gives the scan witness for collation: the message and the signature, as the pages read', () => {
    const signature = pages.flatMap((p) => p.lines.filter((l) => l.class === 'signature').map((l) => l.text));
    expect(signature).toEqual(['KENNAN']);
    expect(read('fixtures/511/witness.txt')).toBe(`${messageText(pages)}KENNAN\n`);
  });

  it('reads as the edition does, word for word but for the variants', () => {
    const edition = read('transcripts/511.txt');
    const frus = edition.slice(edition.indexOf('Secretary of State,'), edition.lastIndexOf('KENNAN')).replace(/\[[^\]]*\]/g, ' ');
    expect(wordsMatched(messageText(pages), frus)).toBeGreaterThan(0.95);
  });
});

describe('fixtures/878: the constructed pages of telegram 878', async () => {
  const { pages } = await loadTruth(path.join(root, 'fixtures/878'));

  it('has three pages of an incoming telegram', () => {
    expect(pages.map((p) => p.label)).toEqual(['1', '2', '3']);
    expect(pages[0]!.lines.some((l) => l.class === 'form-header')).toBe(true);
    for (const page of pages) expect(page.lines.some((l) => l.class === 'stamp')).toBe(true);
  });

  it('carries the FRUS message with FRUS’s editorial matter taken out', () => {
    const edition = read('transcripts/878.txt');
    const frus = edition
      .slice(edition.indexOf('878. '), edition.indexOf('  1. '))
      .replace(/\[Page \d+\]/g, ' ')
      .replace(/(’s)\d+/g, '$1')
      .replace(/[“”]/g, '"')
      .replace(/’/g, "'")
      .replace(/—/g, '--');
    const body = messageText(pages);
    expect(body.split(/\s+/).join(' ')).toContain(frus.split(/\s+/).join(' ').trim().replace(/^878\. /, ''));
    expect(body).not.toMatch(/\[Page|’|“|Lippman's59/);
  });
});
