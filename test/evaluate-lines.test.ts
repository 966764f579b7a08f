import { describe, expect, it } from 'vitest';
import { evaluateLines, fold, pageFurniture, placeWord, scoreLines, SLACK_Y, type PlacedWord } from '../src/evaluate-lines.js';
import type { BBox, LineTruth } from '../src/model.js';

/** A 1000 × 1000 page with three typed lines, each 40 px high, transcribed from y = 300 down. */
const truth: LineTruth = {
  file: 'p.xml',
  format: 'alto',
  image: 'p.jpg',
  width: 1000,
  height: 1000,
  lines: [
    { text: 'The quick fox', bbox: [100, 300, 700, 340] },
    { text: 'jumps over', bbox: [100, 400, 600, 440] },
    { text: 'the dog.', bbox: [100, 500, 500, 540] },
  ],
};
const word = (text: string, bbox: BBox): PlacedWord => ({ text, bbox });

describe('evaluate-lines: words placed on ground-truth lines, scored as the field does', () => {
  it('computes CER, WER, lines lost, leak and words missed by hand-checked counts', () => {
    const words = [
      word('fox', [340, 300, 420, 340]), // out of x order: joined in x order
      word('The', [100, 300, 180, 340]),
      word('quikc', [200, 300, 320, 340]),
      word('jumps', [100, 400, 250, 440]),
      word('ovr', [270, 400, 380, 440]),
      word('RECEIVED', [750, 600, 950, 640]), // below the first line, on none: a leak of 8 characters
      word('LETTERHEAD', [100, 50, 500, 90]), // above the first line, which starts below the top fifth: not judged
    ];
    const { scores, leaked, lost } = scoreLines(truth, words);
    // "The quick fox" against "The quikc fox": 2; "jumps over" against "jumps ovr": 1; "the dog." against "": 8.
    expect(scores.cer).toEqual({ errors: 11, length: 31, rate: 11 / 31 });
    // quick→quikc, over→ovr, and both words of the lost line.
    expect(scores.wer).toEqual({ errors: 4, length: 7, rate: 4 / 7 });
    expect(scores.wordsMissed).toEqual({ count: 4, of: 7, rate: 4 / 7 });
    expect(scores.linesLost).toEqual({ count: 1, of: 3, rate: 1 / 3 });
    expect(scores.leak).toEqual({ count: 8, of: 31, rate: 8 / 31 });
    expect(leaked).toEqual(['RECEIVED']);
    expect(lost).toEqual(['the dog.']);
  });

  it('judges words above the first line when the ground truth starts in the top fifth', () => {
    const high: LineTruth = { ...truth, lines: [{ text: 'Sir:', bbox: [100, 150, 200, 190] }] };
    const { scores, leaked } = scoreLines(high, [word('Sir:', [100, 150, 200, 190]), word('FILED', [600, 40, 800, 80])]);
    expect(leaked).toEqual(['FILED']);
    expect(scores.leak.count).toBe(5);
    expect(scores.cer.errors).toBe(0);
  });

  it('reads a page perfectly: no errors, nothing lost, nothing leaked', () => {
    const words = truth.lines.flatMap((line) => line.text.split(' ').map((text, i) => word(text, [line.bbox[0] + i * 100, line.bbox[1], line.bbox[0] + i * 100 + 90, line.bbox[3]])));
    const { scores } = scoreLines(truth, words);
    expect([scores.cer.errors, scores.wer.errors, scores.linesLost.count, scores.leak.count, scores.wordsMissed.count]).toEqual([0, 0, 0, 0, 0]);
  });

  it('places a word within a third of a line height of its box, and on the nearer line when two could take it', () => {
    const lines = [{ bbox: [100, 300, 700, 340] as BBox }, { bbox: [100, 360, 700, 400] as BBox }];
    const h = 40;
    const at = (cy: number) => placeWord(lines, word('w', [200, cy - 10, 260, cy + 10]));
    // The first line's slack reaches down to 354, the second's up to 346.
    expect(at(330 + SLACK_Y * h)).toBe(0); // 344: only the first line's
    expect(at(352)).toBe(1); // 32 from the first line's centre, 28 from the second's
    expect(at(348)).toBe(0); // 28 against 32
    expect(placeWord([lines[0]!], word('w', [200, 340 + 0.4 * h - 10, 260, 340 + 0.4 * h + 10]))).toBeUndefined();
    expect(placeWord([lines[0]!], word('w', [700 + 1.4 * h - 10, 310, 700 + 1.4 * h + 10, 330]))).toBe(0);
    expect(placeWord([lines[0]!], word('w', [700 + 1.6 * h - 10, 310, 700 + 1.6 * h + 10, 330]))).toBeUndefined();
  });

  it('folds curly quotes and dashes, normalizes to NFC and collapses spaces', () => {
    expect(fold('  \u201cit\u2019s\u201d \u2014 cafe\u0301\n')).toBe('"it\'s" - café');
    const page: LineTruth = { ...truth, lines: [{ text: 'the Government\u2019s \u2013 aim', bbox: [100, 300, 700, 340] }] };
    expect(scoreLines(page, [word("Government's", [200, 300, 400, 340]), word('the', [100, 300, 180, 340]), word('-', [420, 300, 440, 340]), word('aim', [460, 300, 520, 340])]).scores.cer.errors).toBe(0);
  });

  it('totals pages by summing counts, and gives the ratio to the baseline', () => {
    const perfect = truth.lines.map((line) => word(line.text, line.bbox));
    const report = evaluateLines('d', 'beside the scans', [
      { label: '1', file: 'p1.jpg', truth, words: perfect.slice(0, 2), baseline: perfect },
      { label: '2', file: 'p2.jpg', truth, words: perfect, baseline: [...perfect.slice(0, 2), word('the dig.', truth.lines[2]!.bbox)] },
    ], { engine: 'tesseract', version: '5', command: 'tesseract' });
    expect(report.total.collate.cer).toEqual({ errors: 8, length: 62, rate: 8 / 62 });
    expect(report.total.baseline!.cer).toEqual({ errors: 1, length: 62, rate: 1 / 62 });
    expect(report.ratio!.cer).toBeCloseTo(8, 10);
    expect(report.ratio!.leak).toBeNull();
    expect(report.total.collate.linesLost).toEqual({ count: 1, of: 6, rate: 1 / 6 });
    expect(report.pages.map((p) => p.lost)).toEqual([['the dog.'], []]);
  });

  it("tells a page's number and its catchword from the message by the ground truth alone, and counts message lines lost apart", () => {
    const page = (lines: [string, number][]): LineTruth => ({ ...truth, lines: lines.map(([text, y]) => ({ text, bbox: [100, y, 600, y + 40] as BBox })) });
    const first = page([['- 2 -', 60], ['The quick fox', 300], ['jumps over', 400], ['the', 900]]);
    const next = page([['- 3 -', 60], ['the dog.', 300]]);
    expect([...pageFurniture(first, next)].sort()).toEqual([0, 3]);
    // Without the next page, or when it does not begin with them, the last words are the message's.
    expect([...pageFurniture(first, undefined)]).toEqual([0]);
    expect([...pageFurniture(page([['the dog', 300], ['influences.', 900]]), page([['influences may be brought', 300]]))]).toEqual([1]);
    expect([...pageFurniture(first, page([['A new letter.', 300]]))]).toEqual([0]);
    const report = evaluateLines('d', 'beside the scans', [
      { label: '1', file: 'p1.jpg', truth: first, words: [word('The quick fox', first.lines[1]!.bbox)] },
      { label: '2', file: 'p2.jpg', truth: next, words: [word('the dog.', next.lines[1]!.bbox)] },
    ]);
    expect(report.total.collate.linesLost).toEqual({ count: 4, of: 6, rate: 4 / 6 });
    expect(report.total.collate.messageLinesLost).toEqual({ count: 1, of: 3, rate: 1 / 3 });
    // 'jumps over' (10) lost, out of 13 + 10 + 8 message characters; the furniture's 13 are left out.
    expect(report.total.collate.messageCer).toEqual({ errors: 10, length: 31, rate: 10 / 31 });
  });

  it('scores an empty reading of a blank page as every line lost', () => {
    const { scores } = scoreLines(truth, []);
    expect(scores.linesLost).toEqual({ count: 3, of: 3, rate: 1 });
    expect(scores.cer).toEqual({ errors: 31, length: 31, rate: 1 });
  });
});
