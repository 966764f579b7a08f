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

/**
 * Replaces, in one side's tokens, each span [from, to) with the given tokens. Spans are in that side's
 * offsets. One pass over the tokens and the spans: a token is inside a span when a span begun at or before
 * it reaches past its end.
 */
function apply(side: Side, edits: { from: number; to: number; order: number; insert: string[] }[]): string[] {
  const sorted = [...edits].sort((a, b) => a.from - b.from || a.order - b.order);
  const spans = sorted.filter((e) => e.from < e.to);
  const out: string[] = [];
  let k = 0;
  let begun = 0;
  let reach = -Infinity;
  for (const token of side.tokens) {
    while (k < sorted.length && sorted[k]!.to <= token.start && !(sorted[k]!.from < token.end && token.start < sorted[k]!.to)) out.push(...sorted[k++]!.insert);
    while (begun < spans.length && spans[begun]!.from <= token.start) reach = Math.max(reach, spans[begun++]!.to);
    if (reach < token.end) out.push(token.t);
  }
  while (k < sorted.length) out.push(...sorted[k++]!.insert);
  return out;
}

/** The first of `tokens` (in order of their start) that starts at or after `at`. */
function firstFrom(tokens: readonly { start: number }[], at: number): number {
  let [lo, hi] = [0, tokens.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
      insert: lemmaTokens(tokens, e.edition),
    })),
  );
}

/** The edition's tokens that lie within a lemma's offsets. */
function lemmaTokens(tokens: readonly EditionToken[], { start, end }: { start: number; end: number }): string[] {
  const out: string[] = [];
  if (start >= end) return out;
  for (let i = firstFrom(tokens, start); i < tokens.length && tokens[i]!.end <= end; i++) out.push(tokens[i]!.t);
  return out;
}

/**
 * Whether nothing was lost: the edition with the readings put in reads as the scan, and the scan with the
 * lemmas put back reads as the edition. Undefined when both hold; otherwise which failed, and where the
 * two first part.
 */
export function roundTripFault(parsed: ParsedEdition, scan: readonly ScanToken[], apparatus: Applicable): string | undefined {
  const compare = (what: string, got: readonly string[], want: readonly string[]) => {
    const at = got.findIndex((t, i) => t !== want[i]);
    const i = at === -1 ? (got.length === want.length ? -1 : Math.min(got.length, want.length)) : at;
    if (i === -1) return undefined;
    const near = (tokens: readonly string[]) => JSON.stringify(tokens.slice(Math.max(0, i - 3), i + 3).join(' '));
    return `${what}: word ${i + 1} differs (${near(got)} where ${near(want)} was expected)`;
  };
  return (
    compare('the edition with the readings put in does not read as the scan', applyReadings(parsed, apparatus), scan.map((t) => t.t)) ??
    compare('the scan with the lemmas put back does not read as the edition', applyLemmas(parsed, scan, apparatus), editionTokens(parsed, apparatus).map((t) => t.t))
  );
}
