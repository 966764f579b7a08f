/**
 * Applying an apparatus: the edition with every entry's reading put in its lemma's place reads as the
 * scan, token for token, and the scan with every lemma put back reads as the edition. Pure. This is how
 * the apparatus is checked to have lost nothing.
 */
import { tokenize } from './edition.js';
import type { EditionToken, Entry, ParsedEdition, ScanToken } from './model.js';

/** What applying needs of an apparatus: the edition span it covers, and its entries. */
export interface Applicable {
  witnesses: { edition: { span: { start: number; end: number } } };
  entries: readonly Pick<Entry, 'edition' | 'scan' | 'reading'>[];
}

interface Side {
  tokens: readonly { t: string; start: number; end: number }[];
}

/** Replaces, in one side's tokens, each span [from, to) with the given tokens. Spans are in that side's offsets. */
function apply(side: Side, edits: { from: number; to: number; order: number; insert: string[] }[]): string[] {
  const sorted = [...edits].sort((a, b) => a.from - b.from || a.order - b.order);
  const out: string[] = [];
  let k = 0;
  for (const token of side.tokens) {
    while (k < sorted.length && sorted[k]!.to <= token.start && !(sorted[k]!.from < token.end && token.start < sorted[k]!.to)) out.push(...sorted[k++]!.insert);
    const inside = sorted.some((e) => e.from < e.to && token.start >= e.from && token.end <= e.to);
    if (!inside) out.push(token.t);
  }
  while (k < sorted.length) out.push(...sorted[k++]!.insert);
  return out;
}

/** The edition's tokens within the apparatus's span. */
export function editionTokens(parsed: ParsedEdition, apparatus: Pick<Applicable, 'witnesses'>): EditionToken[] {
  const { span } = apparatus.witnesses.edition;
  return parsed.tokens.filter((t) => t.start >= span.start && t.end <= span.end);
}

/** The edition with the scan's readings put in: the scan's tokens. */
export function applyReadings(parsed: ParsedEdition, apparatus: Applicable): string[] {
  return apply(
    { tokens: editionTokens(parsed, apparatus) },
    apparatus.entries.map((e) => ({ from: e.edition.start, to: e.edition.end, order: e.scan.start, insert: tokenize(e.reading).map((t) => t.t) })),
  );
}

/** The scan with the edition's lemmas put back: the edition's tokens. */
export function applyLemmas(parsed: ParsedEdition, scan: readonly ScanToken[], apparatus: Applicable): string[] {
  const tokens = editionTokens(parsed, apparatus);
  return apply(
    { tokens: scan },
    apparatus.entries.map((e) => ({
      from: e.scan.start,
      to: e.scan.end,
      order: e.edition.start,
      insert: tokens.filter((t) => t.start >= e.edition.start && t.end <= e.edition.end && e.edition.start < e.edition.end).map((t) => t.t),
    })),
  );
}
