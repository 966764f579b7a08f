import { describe, expect, it } from 'vitest';
import { evaluate, similarity } from '../src/evaluate.js';
import type { StrippedPage, TruthPage } from '../src/model.js';

const box: [number, number, number, number] = [0, 0, 10, 10];
const read = (line: number, text: string) => ({ line, text, bbox: box, confidence: 90, words: [] });

const truth: TruthPage = {
  label: '1',
  lines: [
    { text: 'SECRET', class: 'classification', struck: true },
    { text: 'ACTION:EUR', class: 'routing' },
    { text: 'Answer to Dept\'s 284, Feb 3 involves questions so intricate, so delicate.', class: 'body' },
    { text: 'DECLASSIFIED', class: 'stamp' },
    { text: 'Later', class: 'catchword' },
  ],
};

describe('evaluate: OCR and stripping against the ground truth', () => {
  it('matches a read line to the paragraph it belongs to, and a short one to its own line', () => {
    expect(similarity('questions so intricate, so', truth.lines[2]!.text).contained).toBe(1);
    expect(similarity('SEERET', 'SECRET').dice).toBeGreaterThan(0.8);
    expect(similarity('i', truth.lines[2]!.text).contained).toBe(0); // a lone letter is in every paragraph
  });

  it('scores a perfect page as perfect', () => {
    const page: StrippedPage = {
      label: '1',
      file: 'p1.jpg',
      width: 100,
      height: 100,
      body: [read(2, 'Answer to Dept\'s 284, Feb 3 involves questions so'), read(3, 'intricate, so delicate.')],
      stripped: [
        { page: '1', file: 'p1.jpg', line: 0, text: 'SEERET', class: 'classification', rule: 'classification-mark', bbox: box, confidence: 20 },
        { page: '1', file: 'p1.jpg', line: 1, text: 'ACTION:EUR', class: 'routing', rule: 'routing-terms', bbox: box, confidence: 90 },
        { page: '1', file: 'p1.jpg', line: 5, text: 'Later', class: 'catchword', rule: 'catchword-position', bbox: box, confidence: 90 },
      ],
    };
    const report = evaluate('x', 'fixtures/x', [truth], [page]);
    expect(report.total.cer).toEqual({ errors: 0, length: truth.lines[2]!.text.length, rate: 0 });
    expect(report.total).toMatchObject({ leakedLines: 0, noiseLines: 0, lostWords: 0 });
    expect(report.classes.classification).toMatchObject({ truth: 1, predicted: 1, correct: 1, precision: 1, recall: 1 });
    expect(report.classes.stamp).toMatchObject({ unread: 1 });
  });

  it('lists boilerplate left in the body, body text stripped, and misread characters', () => {
    const page: StrippedPage = {
      label: '1',
      file: 'p1.jpg',
      width: 100,
      height: 100,
      body: [read(0, 'ACTION:EUR'), read(2, 'Answer to Dept\'s 284, Feb 3 involves questions so intricate,')],
      stripped: [{ page: '1', file: 'p1.jpg', line: 3, text: 'so delicate.', class: 'noise', rule: 'noise', bbox: box, confidence: 20 }],
    };
    const report = evaluate('x', 'fixtures/x', [truth], [page]);
    expect(report.pages[0]!.leaked).toEqual([{ line: 0, text: 'ACTION:EUR', class: 'routing' }]);
    expect(report.pages[0]!.lost).toEqual([{ text: 'so delicate', words: 2, why: 'stripped as noise by noise' }]);
    expect(report.total.lostWords).toBe(2);
    expect(report.total.cer.errors).toBeGreaterThan(0);
    expect(report.classes.body).toMatchObject({ truth: 2, predicted: 2, correct: 1 });
  });

  it('counts the lines OCR never read as lost, even inside a paragraph it partly read', () => {
    const page: StrippedPage = { label: '1', file: 'p1.jpg', width: 100, height: 100, body: [read(2, 'Answer to Dept\'s 284, Feb 3 involves')], stripped: [] };
    const report = evaluate('x', 'fixtures/x', [truth], [page]);
    expect(report.pages[0]!.lost).toEqual([{ text: 'questions so intricate so delicate', words: 5, why: 'not read by OCR' }]);
    expect(report.total.lostWords).toBe(5);
  });

  it('measures only the pages it is given, by label', () => {
    const report = evaluate('x', 'f', [truth, { ...truth, label: '2' }], []);
    expect(report.pages).toEqual([]);
    expect(report.total.cer.rate).toBe(0);
  });
});
