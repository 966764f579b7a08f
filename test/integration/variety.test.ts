/**
 * Pages unlike the ones the stripping rules were made on: copies of a facsimile as a real scan would differ
 * from it, body lines that hold a stamp's or a routing block's words, and the constructed pages of
 * fixtures/variety (another design, black-ink stamps on grayscale pages, 150–200 dpi, photocopy and carbon).
 * The targets are those of the project for real pages: body CER at most 0.1%, nothing but the message in the
 * body, no body word lost. Real OCR, a few seconds a page.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/commands/eval.js';
import type { EvalReport, OcrLine, OcrPage } from '../../src/model.js';
import { stripPage } from '../../src/strip.js';

const root = path.resolve(import.meta.dirname, '../..');
const at = (...parts: string[]) => path.join(root, ...parts);
const tmp = (name: string) => mkdtempSync(path.join(tmpdir(), `collate-${name}-`));

/** The project's target for a page read well: body CER at most 0.1%. */
const MAX_BODY_CER = 0.001;


/** What went wrong on each page, so a failure says it at once: CER over the target, leaks, losses. */
const faults = (report: EvalReport) =>
  report.pages.flatMap((page) => [
    ...(page.cer.rate > MAX_BODY_CER ? [`page ${page.label}: body CER ${(page.cer.rate * 100).toFixed(2)}% (${page.cer.errors} of ${page.cer.length})`] : []),
    ...page.leaked.map((l) => `page ${page.label}: ${l.class} left in the body: ${l.text}`),
    ...page.noise.map((l) => `page ${page.label}: noise left in the body: ${l.text}`),
    ...page.lost.map((l) => `page ${page.label}: body lost (${l.why}): ${l.text}`),
  ]);

/** 511's page 6 as another scan would give it, alone in a scans folder, under its own label. */
async function copyOf511Page6(name: string, change: (image: Sharp, width: number) => Sharp): Promise<string> {
  const scans = tmp(name);
  const source = at('scans/511/page-06.jpg');
  const { width = 0 } = await sharp(source).metadata();
  await change(sharp(source), width).jpeg({ quality: 85 }).toFile(path.join(scans, 'page-06.jpg'));
  return scans;
}

async function expectReadsAsWell(scans: string) {
  const { report } = await evalCommand('511', { scans, fixtures: at('fixtures/511'), transcript: at('transcripts/511.txt'), cache: false, jobs: 1 });
  expect(report.pages.map((p) => p.label)).toEqual(['6']);
  expect(faults(report)).toEqual([]);
}

describe('copies of a facsimile page, as a real scan would differ from it', () => {
  it('511 page 6 scanned in grayscale reads as well as in colour', async () => {
    await expectReadsAsWell(await copyOf511Page6('511-gray', (image) => image.toColourspace('b-w')));
  });

  it('511 page 6 scanned at 200 dpi reads as well as at 300', async () => {
    await expectReadsAsWell(await copyOf511Page6('511-200dpi', (image, width) => image.resize(Math.round((width * 200) / 300))));
  });
});

describe('a body line holding a stamp’s or a routing block’s words stays in the body', () => {
  const CHAR = 25;
  const line = (index: number, text: string, x: number, y: number): OcrLine => {
    let cursor = x;
    const words = text.split(' ').map((word) => {
      const bbox: [number, number, number, number] = [cursor, y, cursor + word.length * CHAR, y + 40];
      cursor += (word.length + 1) * CHAR;
      return { text: word, bbox, confidence: 93, colour: 0 };
    });
    return { index, text, bbox: [x, y, words.at(-1)!.bbox[2], y + 40], confidence: 93, words };
  };
  const sentences = [
    'Received your 284 of February 20 only on February 26, six days after it',
    'Since then messages sent via War Department channels have reached us',
    'and the Department will confirm by State letter the messages so sent.',
  ];

  it('at the head of a page, typed in the body column among other body lines', () => {
    const page: OcrPage = {
      label: '2',
      file: 'page-02.jpg',
      width: 2550,
      height: 3300,
      lines: [
        line(0, '-2- #97, March 4, 6 p.m. from Lisbon', 350, 300),
        ...sentences.map((text, k) => line(k + 1, text, 450, 420 + k * 50)),
        line(4, 'was sent. The delay arose at the cable office in Lisbon, where traffic', 450, 570),
      ],
    };
    const stripped = stripPage(page);
    expect(stripped.stripped.map((s) => `${s.rule}: ${s.text}`)).toEqual(['continuation-header: -2- #97, March 4, 6 p.m. from Lisbon']);
    expect(stripped.body.map((l) => l.text)).toEqual([...sentences, 'was sent. The delay arose at the cable office in Lisbon, where traffic']);
  });

  it('on the constructed pages, read by OCR', async () => {
    const { report } = await readVariety();
    // Lost runs are given as eval normalizes them: lower case, without punctuation.
    const lost = report.pages.flatMap((p) => p.lost.map((l) => `page ${p.label}: ${l.text} (${l.why})`));
    const held = ['received your 284', 'via war department channels', 'by state letter', 'received your 61'];
    expect(lost.filter((text) => held.some((words) => text.includes(words)))).toEqual([]);
  });
});

let variety: Promise<{ report: EvalReport }> | undefined;
/** The constructed pages of fixtures/variety, read once for the tests that need them. */
const readVariety = () => (variety ??= evalCommand('variety', { scans: at('scans/variety'), fixtures: at('fixtures/variety'), cache: false, jobs: 2 }));

describe('the constructed pages of fixtures/variety: a despatch and a telegram copy, grayscale, 150–200 dpi', () => {
  it('reads the body with CER at most 0.1%; no stamp, letterhead, handwriting or page number is left in it, and no body line is lost', async () => {
    const { report } = await readVariety();
    expect(report.pages.map((p) => p.label)).toEqual(['1', '2', '3']);
    expect(faults(report)).toEqual([]);
  });
});

