/**
 * Stripping checked against the edition, a stage between `stripDocument` and the apparatus. A stripped
 * line whose words run as the edition's do is the document's text, whatever rule claimed it (a short
 * body line set off at the foot of a paragraph looks like a margin note): it goes back into the body,
 * and the apparatus lists it as given back, with the rule that had taken it. Pure.
 */
import { tokenize } from './edition.js';
import type { BodyLine, ParsedEdition, StrippedLine, StrippedPage } from './model.js';

/**
 * A stripped line is given back when at least this share of its word pairs (bigrams) stand in the
 * edition too. Stamps, routing codes and letterheads share a bigram with a despatch's text now and then
 * ("of the", "State Department"); a line of the message shares nearly all of them.
 */
export const RECLAIM_SHARE = 0.6;
/** A line of fewer words is too short to tell the text from a stamp's by its bigrams. */
const RECLAIM_WORDS = 3;
/** Repeated on purpose (catchwords begin the next page, a continuation header repeats the last): never given back. */
const REPEATS = new Set(['catchword', 'continuation-header']);

const words = (text: string) => tokenize(text).map((t) => t.n.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
const bigrams = (ws: readonly string[]) => ws.slice(1).map((w, i) => `${ws[i]} ${w}`);

export interface Reclaimed extends StrippedLine {
  /** The share of the line's word pairs found in the edition. */
  share: number;
}

export function reclaim(pages: readonly StrippedPage[], edition: ParsedEdition): { pages: StrippedPage[]; reclaimed: Reclaimed[] } {
  // The message's words only: not the editors' matter, nor the frame a TEI edition marks (its dateline shares
  // "February 22, 1946" with a telegram's routing line "Dated February 22, 1946", which is no text of the message).
  const frames = edition.marks.filter((m) => (m.kind as string) === 'frame');
  const inFrame = (start: number) => frames.some((m) => start >= m.start && start < m.end);
  const known = new Set(bigrams(edition.tokens.filter((t) => t.editorial === undefined && !inFrame(t.start)).map((t) => t.n.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean)));
  const reclaimed: Reclaimed[] = [];
  const out = pages.map((page) => {
    const back: BodyLine[] = [];
    const stripped = page.stripped.filter((line) => {
      if (REPEATS.has(line.class) || line.class === 'signature') return true;
      const ws = words(line.text);
      if (ws.length < RECLAIM_WORDS) return true;
      const pairs = bigrams(ws);
      const share = pairs.filter((p) => known.has(p)).length / pairs.length;
      if (share < RECLAIM_SHARE) return true;
      reclaimed.push({ ...line, share: Number(share.toFixed(3)) });
      back.push({ line: line.line, text: line.text, bbox: line.bbox, confidence: line.confidence, words: [] });
      return false;
    });
    if (back.length === 0) return page;
    // Back in reading order: by the OCR line it was cut from, then left to right.
    const body = [...page.body, ...back].sort((a, b) => a.line - b.line || a.bbox[0] - b.bbox[0]);
    return { ...page, body, stripped };
  });
  return { pages: out, reclaimed };
}
