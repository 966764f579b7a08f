/**
 * The scan as a witness: the stripped pages' body lines (and the signature, which is the document's text
 * too) turned into tokens that remember their page, image file, line, box and OCR confidence. Pure.
 */
import { tokenize } from './edition.js';
import { unionBoxes } from './geometry.js';
import type { BBox, BodyLine, ScanToken, StrippedPage } from './model.js';

/** The line or lines of the scan text around [from, to): the start of the first, the end of the last. */
export function lineAround(text: string, from: number, to = from): [number, number] {
  const end = text.indexOf('\n', to);
  return [text.lastIndexOf('\n', Math.max(0, from - 1)) + 1, end === -1 ? text.length : end];
}

/** A word without the marks before and after it. */
const trimmed = (word: string) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/** The lines of a page that carry the document's text, in reading order. */
function textLines(page: StrippedPage): BodyLine[] {
  const signature = page.stripped.filter((line) => line.class === 'signature').map((line) => ({ line: line.line, text: line.text, bbox: line.bbox, confidence: line.confidence, words: [] }));
  return [...page.body, ...signature];
}


/** The scan's reading text, a line of text per line of the pages, and its tokens, each placed on its page. */
export function scanWitness(pages: readonly StrippedPage[]): { text: string; tokens: ScanToken[] } {
  let offset = 0;
  const lines: string[] = [];
  const tokens = pages.flatMap((page) =>
    textLines(page).flatMap((line) => {
      const base = offset;
      lines.push(line.text);
      offset += line.text.length + 1;
      // line.text is its words joined by single spaces: find each word's span, then each token's words.
      let at = 0;
      const spans = line.words.map((word) => {
        const start = line.text.indexOf(word.text, at);
        at = start + word.text.length;
        return { start, end: at, word };
      });
      return tokenize(line.text).map((token) => {
        const words = spans.filter((s) => s.start !== -1 && s.start < token.end && token.start < s.end).map((s) => s.word);
        // The other model's reading belongs to the token that is its word's letters, the word's marks trimmed.
        const alt = words.length === 1 && words[0]!.alt !== undefined && trimmed(words[0]!.text) === token.t ? trimmed(words[0]!.alt) : undefined;
        return {
          t: token.t,
          n: token.n,
          start: base + token.start,
          end: base + token.end,
          page: page.label,
          file: page.file,
          line: line.line,
          bbox: words.length > 0 ? unionBoxes(words.map((w) => w.bbox)) : line.bbox,
          confidence: words.length > 0 ? Math.min(...words.map((w) => w.confidence)) : line.confidence,
          ...(alt ? { alt } : {}),
        };
      });
    }),
  );
  return { text: lines.join('\n'), tokens };
}

/**
 * A scan witness given as plain text (a hand transcription, or OCR from another engine): pages split at
 * form feeds, a line of text per line. There are no boxes to place it by, so each token is placed by its
 * page and line alone, and counts as read with full confidence.
 */
export function textWitness(text: string, file: string): StrippedPage[] {
  return text
    .replace(/\n$/, '')
    .split('\f')
    .map((pageText, p) => ({
      label: String(p + 1),
      file,
      width: 1,
      height: 1,
      body: pageText
        .split('\n')
        .map((line, i) => ({ line: i, text: line.trim().replace(/\s+/g, ' '), bbox: [0, 0, 0, 0] as BBox, confidence: 100, words: [] }))
        .filter((line) => line.text !== ''),
      stripped: [],
    }));
}
