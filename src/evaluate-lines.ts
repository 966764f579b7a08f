/**
 * Measuring a reading of real pages against other people's line-level ground truth (ALTO, PAGE), the way
 * ../shared/real/README.md defines it for the EHRI pages, so that figures compare with its reference
 * scorer and with native tesseract scored the same way. Pure.
 *
 * Each word read is placed on the ground-truth line whose box holds the word's centre, with some slack;
 * where several do, on the one whose centre is vertically nearest (the first in the file's order on a
 * tie). Then, per ground-truth line, the words placed on it are joined in x order and compared with the
 * line's text. Text is compared NFC-normalized, curly quotes and en and em dashes folded, whitespace runs
 * as one space, by grapheme cluster (the reference counts code points; they differ only where a
 * character is written with a combining mark).
 */
import { distance, graphemes } from './metrics.js';
import type { BBox, LineEvalPage, LineEvalReport, LineScores, LineTruth } from './model.js';

/**
 * Slack around a ground-truth line's box, in that line's heights. Vertically about a third (the README's
 * "about a third of the line height"): a typed word's box and the transcriber's line box differ by a few
 * pixels, and adjacent typed lines are more than a line height apart, so a third places every word on its
 * own line and none on its neighbour. Horizontally a line and a half: transcribers draw line boxes tight
 * to the ink, and a word OCR splits at a line's end may overhang them by a character or two.
 */
export const SLACK_Y = 0.35;
export const SLACK_X = 1.5;

/**
 * Where the first ground-truth line starts below this share of the page's height, the page's head was
 * not transcribed (a printed letterhead, an address block): words above that line are not judged as
 * leaks. Several EHRI despatch first pages begin their ground truth two thirds down the page.
 */
export const UNTRANSCRIBED_HEAD = 0.2;

/** A word as read, with its box on the page image. */
export interface PlacedWord {
  text: string;
  bbox: BBox;
}

/** NFC, curly quotes straight, en and em dashes as hyphens, whitespace runs as one space. */
export const fold = (text: string): string =>
  text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201a]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();

const wordsOf = (text: string) => text.split(' ').filter(Boolean);
const share = (count: number, of: number) => ({ count, of, rate: of === 0 ? 0 : count / of });
const rated = (errors: number, length: number) => ({ errors, length, rate: length === 0 ? (errors === 0 ? 0 : 1) : errors / length });

const centre = (b: BBox) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] as const;

/** The index of the ground-truth line a word's centre falls on, if any. */
export function placeWord(lines: readonly { bbox: BBox }[], word: PlacedWord): number | undefined {
  const [cx, cy] = centre(word.bbox);
  let best: number | undefined;
  let nearest = Infinity;
  lines.forEach(({ bbox: [x0, y0, x1, y1] }, i) => {
    const h = y1 - y0;
    if (cx < x0 - SLACK_X * h || cx > x1 + SLACK_X * h || cy < y0 - SLACK_Y * h || cy > y1 + SLACK_Y * h) return;
    const d = Math.abs(cy - (y0 + y1) / 2);
    if (d < nearest) [nearest, best] = [d, i];
  });
  return best;
}

/** One reading of a page scored against its ground truth, with the words that leaked and the lines lost. */
export function scoreLines(truth: LineTruth, words: readonly PlacedWord[], stripped: readonly StrippedRun[] = [], furniture: ReadonlySet<number> = new Set()): { scores: LineScores; leaked: string[]; lost: string[]; strippedLost: { text: string; rule: string }[] } {
  const lines = truth.lines.map((line) => ({ text: fold(line.text), bbox: line.bbox, got: [] as PlacedWord[] }));
  const top = Math.min(...lines.map((line) => line.bbox[1]));
  const judgeHead = top < truth.height * UNTRANSCRIBED_HEAD;
  const leaked: string[] = [];
  let leakChars = 0;
  for (const word of words) {
    const i = placeWord(lines, word);
    if (i !== undefined) lines[i]!.got.push(word);
    else if (judgeHead || centre(word.bbox)[1] > top) {
      leaked.push(word.text);
      leakChars += graphemes(fold(word.text)).length;
    }
  }
  let [edits, chars, wordEdits, truthWords, missed] = [0, 0, 0, 0, 0];
  const lost: string[] = [];
  let messageLost = 0;
  let [messageEdits, messageChars] = [0, 0];
  const strippedLost: { text: string; rule: string }[] = [];
  // Where each stripped run would have been placed, had it been kept.
  const takenBy = new Map<number, string>();
  for (const run of stripped) {
    const i = placeWord(lines, run);
    if (i !== undefined && !takenBy.has(i)) takenBy.set(i, run.rule);
  }
  for (const [i, line] of lines.entries()) {
    const read = fold([...line.got].sort((a, b) => a.bbox[0] - b.bbox[0]).map((w) => w.text).join(' '));
    const t = graphemes(line.text);
    const lineEdits = distance(t, graphemes(read));
    edits += lineEdits;
    chars += t.length;
    if (!furniture.has(i)) [messageEdits, messageChars] = [messageEdits + lineEdits, messageChars + t.length];
    const [truthWordList, readWords] = [wordsOf(line.text), wordsOf(read)];
    wordEdits += distance(truthWordList, readWords);
    truthWords += truthWordList.length;
    const have = new Map<string, number>();
    for (const w of readWords) have.set(w, (have.get(w) ?? 0) + 1);
    for (const w of truthWordList) {
      const n = have.get(w) ?? 0;
      if (n > 0) have.set(w, n - 1);
      else missed++;
    }
    if (read === '') {
      lost.push(line.text);
      if (!furniture.has(i)) messageLost++;
      if (takenBy.has(i)) strippedLost.push({ text: line.text, rule: takenBy.get(i)! });
    }
  }
  return {
    scores: { cer: rated(edits, chars), wer: rated(wordEdits, truthWords), linesLost: share(lost.length, lines.length), messageLinesLost: share(messageLost, lines.length - furniture.size), messageCer: rated(messageEdits, messageChars), leak: share(leakChars, chars), wordsMissed: share(missed, truthWords) },
    leaked,
    lost,
    strippedLost,
  };
}

/** Scores summed over pages. */
export function addScores(all: readonly LineScores[]): LineScores {
  const total = (pick: (s: LineScores) => { count: number; of: number }) => share(all.reduce((n, s) => n + pick(s).count, 0), all.reduce((n, s) => n + pick(s).of, 0));
  const errors = (pick: (s: LineScores) => { errors: number; length: number }) => rated(all.reduce((n, s) => n + pick(s).errors, 0), all.reduce((n, s) => n + pick(s).length, 0));
  return { cer: errors((s) => s.cer), wer: errors((s) => s.wer), linesLost: total((s) => s.linesLost), messageLinesLost: total((s) => s.messageLinesLost), messageCer: errors((s) => s.messageCer), leak: total((s) => s.leak), wordsMissed: total((s) => s.wordsMissed) };
}

/** One page to measure: its ground truth, collate's body words, and the baseline's words when it ran. */
export interface LinePage {
  label: string;
  file: string;
  truth: LineTruth;
  words: readonly PlacedWord[];
  /** What collate stripped from the page, each run with its rule. */
  stripped?: readonly StrippedRun[];
  baseline?: readonly PlacedWord[];
}

/** A run of words that stripping removed, placed like a word. */
export interface StrippedRun extends PlacedWord {
  rule: string;
}

/** A page number typed alone: "- 2 -", "-3-", "4.", "(5)". */
const PAGE_NUMBER = /^[-~(.\s]*\d{1,3}[-~).\s]*$/;
/** A catchword is a word or two, at most this many. */
const CATCHWORD_WORDS = 3;

/**
 * The ground-truth lines of a page that are its furniture, by index: page numbers, and a catchword, the
 * page's last line when its words begin the next page's text. Told from the ground truth alone.
 */
export function pageFurniture(truth: LineTruth, next: LineTruth | undefined): Set<number> {
  const texts = truth.lines.map((line) => fold(line.text));
  const furniture = new Set(texts.flatMap((text, i) => (PAGE_NUMBER.test(text) ? [i] : [])));
  const byDepth = (t: LineTruth, skip: (i: number) => boolean) => t.lines.map((line, i) => ({ i, y: line.bbox[1] })).filter(({ i }) => !skip(i)).sort((a, b) => a.y - b.y);
  const last = byDepth(truth, (i) => furniture.has(i)).at(-1);
  const nextFirst = next && byDepth(next, (i) => PAGE_NUMBER.test(fold(next.lines[i]!.text)))[0];
  if (last && nextFirst) {
    const catchword = wordsOf(texts[last.i]!);
    const opening = wordsOf(fold(next.lines[nextFirst.i]!.text));
    // Compared without the punctuation after a word: a catchword "influences." begins "influences may be …".
    const bare = (word: string | undefined) => word?.replace(/[.,;:]+$/, '');
    if (catchword.length <= CATCHWORD_WORDS && catchword.every((word, k) => bare(opening[k]) === bare(word))) furniture.add(last.i);
  }
  return furniture;
}

const over = (a: number, b: number) => (b === 0 ? null : a / b);

/** The report: each page and the total, for collate and, where it ran on every page, the baseline with the ratios. */
export function evaluateLines(document: string, truthWhere: string, pages: readonly LinePage[], baseline?: LineEvalReport['baseline']): LineEvalReport {
  const measured = pages.map((page, i) => {
    const furniture = pageFurniture(page.truth, pages[i + 1]?.truth);
    const own = scoreLines(page.truth, page.words, page.stripped, furniture);
    const base = page.baseline && scoreLines(page.truth, page.baseline, [], furniture).scores;
    const result: LineEvalPage = { label: page.label, file: page.file, truth: page.truth.file, collate: own.scores, ...(base ? { baseline: base } : {}), leaked: own.leaked, lost: own.lost, strippedLost: own.strippedLost };
    return result;
  });
  const collate = addScores(measured.map((p) => p.collate));
  const withBaseline = baseline !== undefined && measured.length > 0 && measured.every((p) => p.baseline);
  const base = withBaseline ? addScores(measured.map((p) => p.baseline!)) : undefined;
  return {
    document,
    method: 'line-placement',
    truth: truthWhere,
    pages: measured,
    total: { collate, ...(base ? { baseline: base } : {}) },
    ...(base && baseline
      ? {
          baseline,
          ratio: { cer: over(collate.cer.rate, base.cer.rate), wer: over(collate.wer.rate, base.wer.rate), linesLost: over(collate.linesLost.rate, base.linesLost.rate), leak: over(collate.leak.rate, base.leak.rate) },
        }
      : {}),
  };
}
