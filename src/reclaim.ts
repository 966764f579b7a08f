/**
 * Stripping checked against the edition, a stage between `stripDocument` and the apparatus, both ways.
 * A stripped line whose words run as the edition's do is the document's text, whatever rule claimed it (a
 * short body line set off at the foot of a paragraph looks like a margin note): it goes back into the body,
 * and the apparatus lists it as given back, with the rule that had taken it. And a kept line outside the
 * text's flow (before the first line the edition shares, or after the last) that the edition does not
 * share and that has the form of boilerplate (display capitals, scraps read unsurely) is stripped with a
 * rule of its own. A line in the flow of the text always stays, aligned or not. Pure.
 */
import { tokenize } from './edition.js';
import type { BodyLine, OcrWord, ParsedEdition, StrippedLine, StrippedPage } from './model.js';

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
  /** Given back because the edition prints the page's catchword, not for its word pairs. */
  because?: 'catchword-printed';
}

/** A catchword is a word or a few: a longer line at the foot is not one, whatever it repeats. */
const CATCHWORD_WORDS = 4;
/** Words of the next page's head that must follow the doubled catchword in the edition, beyond the catchword itself. */
const HEAD_WORDS = 2;

/**
 * Whether the edition prints this page's catchword: its words stand twice in a row there, the second time
 * going on as the next page's first line does ("new influences. influences may be brought"). An editor who
 * copied the catchword with the text made it part of the edition's reading; given back, it aligns with it.
 */
function printedCatchword(line: StrippedLine, next: StrippedPage | undefined, edition: string): boolean {
  const catchword = words(line.text);
  const head = words(next?.body[0]?.text ?? '');
  if (catchword.length === 0 || catchword.length > CATCHWORD_WORDS || head.length < catchword.length + HEAD_WORDS) return false;
  if (catchword.some((w, i) => head[i] !== w)) return false;
  return edition.includes(` ${[...catchword, ...head.slice(0, catchword.length + HEAD_WORDS)].join(' ')} `);
}

/** The words of the edition's message, in order: not the editors' matter, nor the frame a TEI edition marks. */
function editionWords(edition: ParsedEdition): string[] {
  // The frame is left out because its dateline shares "February 22, 1946" with a telegram's routing line
  // "Dated February 22, 1946", which is no text of the message.
  const frames = edition.marks.filter((m) => (m.kind as string) === 'frame');
  const inFrame = (start: number) => frames.some((m) => start >= m.start && start < m.end);
  return edition.tokens.filter((t) => t.editorial === undefined && !inFrame(t.start)).map((t) => t.n.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
}

/** The share of a line's word pairs that the edition has too; undefined for a line too short to tell. */
function shareOf(text: string, known: ReadonlySet<string>): number | undefined {
  const ws = words(text);
  if (ws.length < RECLAIM_WORDS) return undefined;
  const pairs = bigrams(ws);
  return pairs.filter((p) => known.has(p)).length / pairs.length;
}

export function reclaim(pages: readonly StrippedPage[], edition: ParsedEdition): { pages: StrippedPage[]; reclaimed: Reclaimed[] } {
  const message = editionWords(edition);
  // The word pairs of the edition's message, and its words run together for finding a catchword printed in it.
  const known = new Set(bigrams(message));
  const running = ` ${message.join(' ')} `;
  const reclaimed: Reclaimed[] = [];
  const given = pages.map((page, p) => {
    const back: BodyLine[] = [];
    const stripped = page.stripped.filter((line) => {
      if (line.class === 'catchword' && printedCatchword(line, pages[p + 1], running)) {
        reclaimed.push({ ...line, share: 1, because: 'catchword-printed' });
        back.push({ line: line.line, text: line.text, bbox: line.bbox, confidence: line.confidence, words: [] });
        return false;
      }
      if (REPEATS.has(line.class) || line.class === 'signature') return true;
      const share = shareOf(line.text, known);
      if (share === undefined || share < RECLAIM_SHARE) return true;
      reclaimed.push({ ...line, share: Number(share.toFixed(3)) });
      back.push({ line: line.line, text: line.text, bbox: line.bbox, confidence: line.confidence, words: [] });
      return false;
    });
    if (back.length === 0) return page;
    // Back in reading order: by the OCR line it was cut from, then left to right.
    const body = [...page.body, ...back].sort((a, b) => a.line - b.line || a.bbox[0] - b.bbox[0]);
    return { ...page, body, stripped };
  });
  return { pages: stripBoilerplate(given, known), reclaimed };
}

/**
 * tesseract's confidence under which a word is taken for unsurely read: typing on the real EHRI despatches
 * is read at 85–96, stamps' and hands' lettering under it (the strip rules' own bound for unlike lettering).
 */
const UNSURE = 60;
/** At most this many letters, alone on a line outside the text's flow, are a speck or a stroke, not a typed line. */
const SPECK_LETTERS = 2;
/**
 * The body writes in lower case when more than this share of its letters are; then a line in capitals alone
 * is display lettering (a printed letterhead's "LEGATION OF THE UNITED STATES OF AMERICA", a stamp's
 * "DIVISION OF"), not typing. A telegram typed in capitals throughout has no such contrast, and is left be.
 */
const LOWER_CASE_BODY = 0.5;

/** How a kept line outside the text's flow looks like boilerplate, if it does: the rule and class to strip it with. */
function boilerplate(line: BodyLine, head: boolean, lowerCaseBody: boolean): { rule: string; class: StrippedLine['class'] } | undefined {
  const ws = line.words.filter((w) => /[\p{L}\p{N}]/u.test(w.text));
  if (ws.length === 0) return undefined;
  const alnum = ws.map((w) => w.text.replace(/[^\p{L}\p{N}]/gu, '')).join('');
  if (alnum.length <= SPECK_LETTERS && !/\p{N}/u.test(alnum)) return { rule: 'unaligned-speck', class: 'noise' };
  const capitals = (w: OcrWord) => /\p{Lu}/u.test(w.text) && !/\p{Ll}/u.test(w.text);
  // A printed heading at the head of the first page: every word in capitals, where the body writes in lower case.
  if (head && lowerCaseBody && ws.every(capitals) && alnum.replace(/\p{N}/gu, '').length >= 4) return { rule: 'unaligned-letterhead', class: 'form-header' };
  // A stamp's or a hand's lettering read as scraps: no word read surely but display capitals.
  if (ws.every((w) => w.confidence < UNSURE || (lowerCaseBody && capitals(w))) && ws.some((w) => w.confidence < UNSURE)) return { rule: 'unaligned-scraps', class: 'noise' };
  return undefined;
}

/**
 * Strips the boilerplate the edition does not share, outside the text's flow: kept lines before the first
 * line whose word pairs run as the edition's (the letterhead, stamps and scraps at the head of the first
 * page) and after the last. Between them every line stays: a passage the edition omits becomes a variant.
 */
function stripBoilerplate(pages: readonly StrippedPage[], known: ReadonlySet<string>): StrippedPage[] {
  const lines = pages.flatMap((page, p) => page.body.map((line, k) => ({ p, k, line, share: shareOf(line.text, known) })));
  const judged = lines.filter((l) => l.share !== undefined);
  const runs = (l: (typeof lines)[number] | undefined) => l !== undefined && l.share! >= RECLAIM_SHARE;
  const aligned = judged.filter(runs);
  if (aligned.length === 0) return [...pages];
  // The flow begins at the first of two lines in a row that run as the edition's, and ends at the last of two:
  // a subject line ("The Situation of Jews in Rumania") shares a phrase with the text, and stands alone.
  const pair = (k: number) => runs(judged[k]) && runs(judged[k + 1]);
  const from = judged.findIndex((_, k) => pair(k));
  const to = judged.findLastIndex((_, k) => pair(k - 1));
  const [first, last] = from === -1 ? [lines.indexOf(aligned[0]!), lines.indexOf(aligned.at(-1)!)] : [lines.indexOf(judged[from]!), lines.indexOf(judged[to]!)];
  const text = aligned.map((l) => l.line.text).join('');
  const lowerCaseBody = (text.match(/\p{Ll}/gu)?.length ?? 0) > LOWER_CASE_BODY * (text.match(/\p{L}/gu)?.length ?? 0);
  const strip = new Map<string, { rule: string; class: StrippedLine['class'] }>();
  lines.forEach((l, i) => {
    if (i >= first && i <= last) return;
    const found = boilerplate(l.line, i < first, lowerCaseBody);
    if (found && (l.share === undefined || l.share < RECLAIM_SHARE)) strip.set(`${l.p}:${l.k}`, found);
  });
  if (strip.size === 0) return [...pages];
  return pages.map((page, p) => {
    const out = page.body.map((line, k) => ({ line, found: strip.get(`${p}:${k}`) }));
    if (out.every((o) => !o.found)) return page;
    const stripped = out.filter((o) => o.found).map(({ line, found }): StrippedLine => ({ page: page.label, file: page.file, line: line.line, text: line.text, class: found!.class, rule: found!.rule, bbox: line.bbox, confidence: line.confidence }));
    return { ...page, body: out.filter((o) => !o.found).map((o) => o.line), stripped: [...page.stripped, ...stripped] };
  });
}
