/**
 * A body line that holds a stamp's or a routing block's words, at the head of a continuation page of a layout
 * the stripping rules were not made on (the telegram copy of fixtures/variety). The OCR of the constructed pages
 * and of grayscale and 200 dpi copies of 511 is measured by bench/variety.mjs, not here: see BENCHMARKS.md.
 */
import { describe, expect, it } from 'vitest';
import type { OcrLine, OcrPage } from '../../src/model.js';
import { stripPage } from '../../src/strip.js';

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
});
