/**
 * Measuring OCR and stripping against the ground truth. Pure.
 *
 * Body text is compared page by page (CER and WER, as dinglehopper defines them). For stripping, each
 * line or part of a line that came out of OCR is matched to the ground-truth line it reads best (Dice
 * similarity of their characters, by diff-match-patch); its true class is that line's, or none when
 * nothing matches. Precision and recall per class follow, with the boilerplate left in the body and the
 * body text taken out of it listed line by line.
 */
import DiffMatchPatch from 'diff-match-patch';
import { align } from './align.js';
import { characterErrors, rate, sum, wordErrors, words, type ErrorCount } from './metrics.js';
import type { ApparatusScore, Entry, EvalPage, EvalReport, Gold, RegionClass, StripClass, StrippedPage, TruthLine, TruthPage } from './model.js';
import { bodyLines } from './truth.js';

const dmp = new DiffMatchPatch();
dmp.Diff_Timeout = 0;

/** A line as OCR gave it and as stripping classed it. */
interface Read {
  line: number;
  text: string;
  predicted: StripClass | 'body';
}

const normal = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

const wordsOf = (text: string) => normal(text).split(' ').map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter(Boolean);

/**
 * How well a read line matches a ground-truth line. Ground-truth body lines are whole paragraphs, so a
 * read line matches one by the share of its words found among the paragraph's words; a line that is not
 * in any paragraph ("S", "SEERET", a speck) matches by the Dice similarity of its characters.
 */
export function similarity(read: string, truth: string): { contained: number; dice: number } {
  const x = normal(read);
  const y = normal(truth);
  if (x.length === 0) return { contained: 0, dice: 0 };
  const vocabulary = new Set(wordsOf(truth));
  const own = wordsOf(read);
  // A lone letter or mark is found in any paragraph; only the Dice similarity can place it.
  const contained = /[\p{L}\p{N}]{2}/u.test(x) && own.length > 0 ? own.filter((word) => vocabulary.has(word)).length / own.length : 0;
  const shared = dmp.diff_main(x, y, false).reduce((n, [op, text]) => (op === 0 ? n + text.length : n), 0);
  return { contained, dice: (2 * shared) / (x.length + y.length) };
}

const MATCH = 0.6;

/** The ground-truth line a read line matches best, if any matches well enough; ties go to the closer length. */
function bestMatch(read: Read, truth: readonly TruthLine[]): number | undefined {
  let best: { i: number; score: number; dice: number } | undefined;
  truth.forEach((line, i) => {
    const { contained, dice } = similarity(read.text, line.text);
    const score = Math.max(contained, dice);
    if (score >= MATCH && (!best || score > best.score || (score === best.score && dice > best.dice))) best = { i, score, dice };
  });
  return best?.i;
}

const flow = (lines: readonly string[]) => lines.join(' ').replace(/\s+/g, ' ').trim();

const withRate = (count: ErrorCount) => ({ ...count, rate: rate(count) });

interface PageResult {
  page: EvalPage;
  cer: ErrorCount;
  wer: ErrorCount;
  pairs: { truth: RegionClass | 'none'; predicted: StripClass | 'body' }[];
  unread: RegionClass[];
  bodyWords: number;
}

function evaluatePage(truth: TruthPage, page: StrippedPage): PageResult {
  // The ground truth holds paragraphs and OCR holds physical lines: compare with whitespace runs as one space.
  const truthBody = flow(bodyLines(truth).map((line) => line.text));
  const ocrBody = flow(page.body.map((line) => line.text));
  const reads: Read[] = [
    ...page.body.map((line) => ({ line: line.line, text: line.text, predicted: 'body' as const })),
    ...page.stripped.map((line) => ({ line: line.line, text: line.text, predicted: line.class })),
  ];
  const matched = new Set<number>();
  const result: EvalPage = { label: page.label, file: page.file, cer: withRate({ errors: 0, length: 0 }), wer: withRate({ errors: 0, length: 0 }), leaked: [], noise: [], confused: [], lost: [] };
  const pairs = reads.map((read) => {
    const i = bestMatch(read, truth.lines);
    const line = i === undefined ? undefined : truth.lines[i];
    if (i !== undefined) matched.add(i);
    const actual: RegionClass | 'none' = line?.class ?? 'none';
    if (read.predicted === 'body' && actual !== 'body') {
      if (actual === 'none') result.noise.push({ line: read.line, text: read.text });
      else result.leaked.push({ line: read.line, text: read.text, class: actual });
    }
    if (read.predicted !== 'body' && actual !== 'body' && actual !== 'none' && read.predicted !== actual) result.confused.push({ line: read.line, text: read.text, class: actual, stripped: read.predicted });
    return { truth: actual, predicted: read.predicted };
  });
  const unread = truth.lines.filter((_, i) => !matched.has(i));
  result.lost = lostWords(truthBody, ocrBody, page);
  const cer = characterErrors(truthBody, ocrBody);
  const wer = wordErrors(truthBody, ocrBody);
  return { page: { ...result, cer: withRate(cer), wer: withRate(wer) }, cer, wer, pairs, unread: unread.map((line) => line.class), bodyWords: words(truthBody).length };
}

/**
 * The body text missing from the OCR body: runs of ground-truth words that a word-level diff deletes with
 * nothing read in their place (a misread word is replaced, not lost). Each run is put down to the
 * stripped line it was found in, or to OCR not reading it.
 */
function lostWords(truthBody: string, ocrBody: string, page: StrippedPage): EvalPage['lost'] {
  const [truthWords, ocrWords] = [wordsOf(truthBody), wordsOf(ocrBody)];
  const lost: EvalPage['lost'] = [];
  for (const run of align(truthWords.map((n) => ({ n })), ocrWords.map((n) => ({ n })))) {
    const [e0, e1] = run.edition;
    const [s0, s1] = run.scan;
    if (run.op === 'equal' || e1 === e0) continue;
    const text = truthWords.slice(e0, e1).join(' ');
    // Words run together or split apart ("todaywhat") are misread, not lost: their letters are all there.
    const merged = similarity(ocrWords.slice(s0, s1).join(''), text.replace(/\s/g, '')).dice >= 0.8;
    const missing = merged ? 0 : e1 - e0 - (s1 - s0);
    if (missing <= 0) continue;
    const where = page.stripped.find((line) => similarity(line.text, text).contained >= 0.6 || similarity(text, line.text).contained >= 0.6);
    lost.push({ text, words: missing, why: where ? `stripped as ${where.class} by ${where.rule}` : 'not read by OCR' });
  }
  return lost;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** Measures the stripped pages against the ground truth of the pages with the same labels. */
export function evaluate(document: string, fixtures: string, truth: readonly TruthPage[], pages: readonly StrippedPage[]): EvalReport {
  const byLabel = new Map(truth.map((page) => [page.label, page]));
  const results = pages.flatMap((page) => {
    const t = byLabel.get(page.label);
    return t ? [evaluatePage(t, page)] : [];
  });
  const classes: EvalReport['classes'] = {};
  const names = new Set([...results.flatMap((r) => r.pairs.flatMap((p) => [p.truth, p.predicted])), ...results.flatMap((r) => r.unread)]);
  names.delete('none');
  for (const name of [...names].sort()) {
    const pairs = results.flatMap((r) => r.pairs);
    const truthCount = pairs.filter((p) => p.truth === name).length;
    const predicted = pairs.filter((p) => p.predicted === name && p.truth !== 'none').length;
    const correct = pairs.filter((p) => p.truth === name && p.predicted === name).length;
    const unread = results.flatMap((r) => r.unread).filter((c) => c === name).length;
    classes[name] = { truth: truthCount, predicted, correct, precision: ratio(correct, predicted), recall: ratio(correct, truthCount), unread };
  }
  const bodyWords = results.reduce((n, r) => n + r.bodyWords, 0);
  const lostWords = results.reduce((n, r) => n + r.page.lost.reduce((m, l) => m + l.words, 0), 0);
  return {
    document,
    fixtures,
    pages: results.map((r) => r.page),
    total: {
      cer: withRate(sum(results.map((r) => r.cer))),
      wer: withRate(sum(results.map((r) => r.wer))),
      leakedLines: results.reduce((n, r) => n + r.page.leaked.length, 0),
      noiseLines: results.reduce((n, r) => n + r.page.noise.length, 0),
      bodyWords,
      lostWords,
      lostRate: bodyWords === 0 ? 0 : lostWords / bodyWords,
    },
    classes,
  };
}

const VARIANTS = ['garble', 'editorial', 'substantive'] as const;
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => (a.start === a.end || b.start === b.end ? a.start <= b.end && b.start <= a.end : a.start < b.end && b.start < a.end);
const describe = (e: { type: string; subtype?: string; lemma: string; reading: string; edition: { start: number } }) => `${e.edition.start} ${e.type}/${e.subtype ?? ''} ${JSON.stringify(e.lemma)} → ${JSON.stringify(e.reading)}`;

/**
 * Scores an apparatus made from OCR against the hand-typed gold: each gold garble and editorial entry must
 * be found at its place with its type and subtype; gold substantive entries are found at their place with
 * their type; and of the entries the tool types as variants, the share that the gold has.
 */
export function scoreApparatus(entries: readonly Entry[], gold: Gold, span?: { start: number; end: number }): ApparatusScore {
  const inSpan = gold.entries.filter((g) => !span || (g.edition.start >= span.start && g.edition.end <= span.end));
  const found = (g: Gold['entries'][number], strict: boolean) => entries.some((e) => e.type === g.type && (!strict || e.subtype === g.subtype) && overlaps(e.edition, g.edition));
  const count = (type: string, strict: boolean) => {
    const of = inSpan.filter((g) => g.type === type);
    return { gold: of.length, found: of.filter((g) => found(g, strict)).length };
  };
  const substantive = count('substantive', false);
  const reported = entries.filter((e) => (VARIANTS as readonly string[]).includes(e.type));
  const inGold = reported.filter((e) => inSpan.some((g) => g.type === e.type && overlaps(e.edition, g.edition)));
  return {
    garble: count('garble', true),
    editorial: count('editorial', true),
    substantive: { ...substantive, recall: substantive.gold === 0 ? 1 : substantive.found / substantive.gold },
    precision: { reported: reported.length, inGold: inGold.length, rate: reported.length === 0 ? 1 : inGold.length / reported.length },
    missed: inSpan.filter((g) => (VARIANTS as readonly string[]).includes(g.type) && !found(g, g.type !== 'substantive')).map(describe),
    spurious: reported.filter((e) => !inGold.includes(e)).map(describe),
  };
}
