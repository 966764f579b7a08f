import { describe, expect, it } from 'vitest';
import { englishLexicon } from '../src/lexicon.js';
import type { OcrLine } from '../src/model.js';
import { nonsense, senseOf } from '../src/sense.js';

const line = (text: string, confidence: number): OcrLine => ({
  index: 0,
  text,
  bbox: [0, 0, 1, 1],
  confidence,
  words: text.split(' ').map((word) => ({ text: word, bbox: [0, 0, 1, 1] as [number, number, number, number], confidence })),
});

describe('sense: whether a page read as words', () => {
  it('knows English, and a page read upside down for nonsense', async () => {
    const isWord = await englishLexicon();
    const upright = { lines: [line('the Soviet power is neither schematic nor adventuristic, and it does not take unnecessary risks.', 93)] };
    // What tesseract made of 511's first page upside down (a few of its words).
    const turned = { lines: [line('ypnoa ayy jo adepns ayy uo sdrysuotjeyet oq Sursyou ayn pue syuomeseuryy jo asnesaq SUT pomad', 40)] };
    expect(senseOf(upright, isWord).known).toBeGreaterThan(0.9);
    expect(nonsense(upright, isWord)).toBeUndefined();
    expect(nonsense(turned, isWord)).toMatchObject({ words: 12, confidence: 40 });
    expect(nonsense(turned, isWord)!.known).toBeLessThan(0.3);
  });
});
