/**
 * The apparatus: the alignment's differences, typed, each placed on the edition (character offsets and
 * context) and on the scan (page, image file, line, box, OCR confidence). Pure.
 */
import { createHash } from 'node:crypto';
import { align, findRegion, refine, type Run } from './align.js';
import { classify, DEFAULT_CLASSIFIERS, letters, wordCount, type ClassifyRule, type Difference } from './classify.js';
import { placeInTranscript } from './edition.js';
import { InputError } from './errors.js';
import { unionBoxes } from './geometry.js';
import { hiddenOnPage, pageFrame } from './hidden.js';
import { byMark, type Span } from './marks.js';
import type { Apparatus, EditionMark, Entry, ParsedEdition, ScanToken, StrippedPage } from './model.js';
import { judge, noiseModel, type Frequency, type NoiseModel, type NoiseVerdict, type ReadPair, type WordSet } from './noise.js';
import { scanWitness } from './witness.js';

export interface ApparatusInput {
  document: string;
  edition: { file: string; parsed: ParsedEdition };
  scan: { folder: string; pages: readonly StrippedPage[] };
  /** The scan's witness, `scanWitness(scan.pages)`, when the caller has made it already; made here otherwise. */
  witness?: ReturnType<typeof scanWitness>;
  /** The scan holds only some of the document's pages: place it in the edition first. */
  partial: boolean;
  rules?: readonly ClassifyRule[];
  /** The dictionary's word forms, for the noise model; without them no difference is put down to OCR. */
  dictionary?: Iterable<string> | WordSet;
  /** Words' frequencies in the language, for the noise model's prior on real-word readings. */
  frequency?: Frequency;
  /** Told how long the noise model took to learn, in milliseconds (for benchmarks). */
  onLearn?: (ms: number, model: NoiseModel) => void;
  /** Told as the work goes: the alignment (done 0 of 1, then 1 of 1), then the differences typed, now and then and at the end. */
  onProgress?: (stage: 'align' | 'type', done: number, total: number) => void;
}

/** How many differences are typed between two reports of progress. */
const PROGRESS_EVERY = 500;

/**
 * Below this share of the scan's words matched word for word, the edition is not this document's.
 * Measured: each document against its own edition, 99% (511, 878 facsimiles) and 83–85% (two real
 * despatches, poor OCR); against another document's edition, 6–27% (common words matched by chance).
 */
const WRONG_DOCUMENT = 0.5;
/** A scan of fewer words is too short to judge. */
const WRONG_DOCUMENT_WORDS = 50;

/** How many of the scan's words the alignment matched exactly, of how many. */
function sharedWords(runs: readonly Run[], scan: readonly ScanToken[]): { matched: number; words: number } {
  const isWord = (t: ScanToken) => /[\p{L}\p{N}]/u.test(t.t);
  const matched = runs.filter((r) => r.op === 'equal').reduce((n, r) => n + scan.slice(r.scan[0], r.scan[1]).filter(isWord).length, 0);
  return { matched, words: scan.filter(isWord).length };
}

/** A stretch of at least this many tokens matched in both witnesses is the letter's text, not its frame. */
const FRAME_ANCHOR = 6;

/** Where the letter's shared text begins and ends, in both witnesses' token indices. */
function anchors(runs: readonly Run[]): { first?: Run; last?: Run } {
  const long = runs.filter((r) => r.op === 'equal' && r.edition[1] - r.edition[0] >= FRAME_ANCHOR);
  return { first: long[0], last: long.at(-1) };
}

/** The noisy channel's training data: every pair of words the alignment matched, as read and as edited. */
function readPairs(paired: Map<number, number>, parsed: ParsedEdition, scan: readonly ScanToken[]): ReadPair[] {
  const pairs: ReadPair[] = [];
  for (const [e, s] of paired) {
    const [a, b] = [parsed.tokens[e]!, scan[s]!];
    if (/[\p{L}\p{N}]/u.test(a.t) && a.editorial === undefined) pairs.push({ lemma: a.t, reading: b.t, confidence: b.confidence });
  }
  return pairs;
}

/** The scan's words the alignment paired with nothing: what OCR may have made of marks and specks. */
function unpairedWords(paired: Map<number, number>, scan: readonly ScanToken[]): { confidence: number }[] {
  const used = new Set(paired.values());
  return scan.filter((t, j) => !used.has(j) && /[\p{L}\p{N}]/u.test(t.t));
}

/** The difference as the page is believed to read: misread words replaced by the words the model names. */
function believed(d: Difference, verdict: NoiseVerdict | undefined): Difference {
  if (verdict?.verdict !== 'variant' || !verdict.believed) return d;
  const words = d.reading.filter((t) => /[\p{L}\p{N}]/u.test(t.t));
  if (words.length !== verdict.believed.length) return { ...d, reading: [{ ...(d.reading[0] ?? words[0]!), t: verdict.believed.join(' '), n: verdict.believed.join(' ').toLowerCase() }] };
  let k = 0;
  return { ...d, reading: d.reading.map((t) => (/[\p{L}\p{N}]/u.test(t.t) ? { ...t, t: verdict.believed![k]!, n: verdict.believed![k++]!.toLowerCase() } : t)) };
}

const CONTEXT = 40;
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** The differences the runs hold: changed blocks, and tokens matched but written differently ("(a)", "(A)"). */
function differences(runs: readonly Run[], parsed: ParsedEdition, scan: readonly ScanToken[], scanText: string): { found: Span[]; paired: Map<number, number> } {
  const found: Span[] = [];
  const paired = new Map<number, number>();
  for (const run of runs) {
    const [e0, e1] = run.edition;
    const [s0, s1] = run.scan;
    if (run.op === 'equal') {
      for (let k = 0; k < e1 - e0; k++) {
        paired.set(e0 + k, s0 + k);
        if (parsed.tokens[e0 + k]!.t !== scan[s0 + k]!.t) found.push({ e: [e0 + k, e0 + k + 1], s: [s0 + k, s0 + k + 1] });
      }
    } else if (e1 > e0 && s1 > s0) {
      // Refine the block: tokens alike are paired, each pair a difference; runs of the rest go together.
      let open: { e: [number, number]; s: [number, number] } | undefined;
      let [ei, sj] = [e0, s0];
      for (const [i, j] of refine(parsed.tokens.slice(e0, e1), scan.slice(s0, s1))) {
        if (i !== null && j !== null) {
          open = undefined;
          [ei, sj] = [e0 + i + 1, s0 + j + 1];
          paired.set(ei - 1, sj - 1);
          if (parsed.tokens[e0 + i]!.t !== scan[s0 + j]!.t) found.push({ e: [ei - 1, ei], s: [sj - 1, sj] });
          continue;
        }
        if (!open) found.push((open = { e: [ei, ei], s: [sj, sj] }));
        if (i !== null) open.e[1] = ei = e0 + i + 1;
        if (j !== null) open.s[1] = sj = s0 + j + 1;
      }
    } else {
      found.push({ e: [e0, e1], s: [s0, s1] });
    }
  }
  return { found: splitMarks(joinSplitWords(found, parsed, scan), parsed, scan, scanText), paired };
}

/**
 * Different punctuation facing each other ("outlook." against the next item's bullet "- (Three)") is two
 * marks in two places, not one changed into the other: the scan's added mark, then the edition's.
 */
function splitMarks(found: Span[], parsed: ParsedEdition, scan: readonly ScanToken[], scanText: string): Span[] {
  return found.flatMap((d) => {
    const [a, b] = [parsed.tokens.slice(d.e[0], d.e[1]), scan.slice(d.s[0], d.s[1])];
    const marks = (tokens: readonly { t: string }[]) => tokens.every((t) => !/[\p{L}\p{N}]/u.test(t.t));
    if (a.length === 0 || b.length === 0 || !marks(a) || !marks(b) || a.some((x) => b.some((y) => y.n === x.n))) return [d];
    // A mark changed in place ("," for ";") stays one entry: both hang on the word before.
    const attached = (text: string, at: number) => at > 0 && !/\s/.test(text[at - 1]!);
    if (attached(parsed.text, a[0]!.start) === attached(scanText, b[0]!.start)) return [d];
    return [
      { e: [d.e[0], d.e[0]], s: d.s },
      { e: d.e, s: [d.s[1], d.s[1]] },
    ];
  });
}

/**
 * Two differences meet inside one written word: on that side the token ending the first and the token
 * beginning the second are letters or digits with nothing between them ("14" and "th" of "14th", against
 * the scan's "l4th"). A difference is judged whole words at a time, so they become one.
 */
function oneWord(first: [number, number], second: [number, number], tokens: readonly { t: string; start: number; end: number }[]): boolean {
  if (first[1] === first[0] || second[1] === second[0]) return false;
  const [x, y] = [tokens[first[1] - 1]!, tokens[second[0]]!];
  return x.end === y.start && /^[\p{L}\p{N}]/u.test(y.t) && /[\p{L}\p{N}]$/u.test(x.t);
}

/** Neighbouring differences that together are one word written apart or together ("self confidence") become one. */
function joinSplitWords(found: Span[], parsed: ParsedEdition, scan: readonly ScanToken[]): Span[] {
  const out: Span[] = [];
  for (const d of found) {
    const last = out.at(-1);
    if (last && last.e[1] === d.e[0] && last.s[1] === d.s[0]) {
      const merged: Span = { e: [last.e[0], d.e[1]], s: [last.s[0], d.s[1]] };
      const [a, b] = [parsed.tokens.slice(merged.e[0], merged.e[1]), scan.slice(merged.s[0], merged.s[1])];
      // Only a word written apart on one side and together on the other: the counts of words differ.
      const equalLetters = a.length > 0 && b.length > 0 && letters(a).toLowerCase() === letters(b).toLowerCase() && wordCount(a) !== wordCount(b);
      if (equalLetters || oneWord(last.e, d.e, parsed.tokens) || oneWord(last.s, d.s, scan)) {
        out[out.length - 1] = merged;
        continue;
      }
    }
    out.push(d);
  }
  return out;
}

/** The verdict as the apparatus keeps it: rounded, and the believed words as one string. */
function evidenceOf(v: NoiseVerdict): NonNullable<Entry['evidence']> {
  return { noise: Number(v.noise.toFixed(4)), ...(v.believed ? { believed: v.believed.join(' ') } : {}), alternatives: v.alternatives, suspect: v.suspect };
}

/**
 * The edition offset facing the first token of each page: where its text begins in the edition. One pass
 * over the scan's tokens, and a binary search of the runs (in scan order) for each page.
 */
function pageStarts(scan: readonly ScanToken[], runs: readonly Run[], parsed: ParsedEdition): Map<string, { edition?: number }> {
  const first = new Map<string, number>();
  scan.forEach((t, j) => first.has(t.page) || first.set(t.page, j));
  const starts = new Map<string, { edition?: number }>();
  for (const [label, j] of first) {
    let [lo, hi] = [0, runs.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (runs[mid]!.scan[1] <= j) lo = mid + 1;
      else hi = mid;
    }
    // The first run that ends past j and holds it (a run empty on the scan's side holds nothing).
    while (lo < runs.length && runs[lo]!.scan[0] === runs[lo]!.scan[1]) lo++;
    const run = runs[lo];
    if (!run || j < run.scan[0]) continue;
    const e = run.op === 'equal' ? run.edition[0] + (j - run.scan[0]) : run.edition[0];
    const token = parsed.tokens[e];
    starts.set(label, token ? { edition: token.start } : {});
  }
  return starts;
}

/**
 * The marks that overlap a span of the edition, in their order. Marks go by their start; with the largest
 * end among those before each, the search stops as soon as no earlier mark can reach the span.
 */
function marksOver(marks: readonly EditionMark[]): (start: number, end: number) => EditionMark[] {
  const reach: number[] = [];
  marks.forEach((m, k) => (reach[k] = Math.max(m.end, reach[k - 1] ?? -Infinity)));
  return (start, end) => {
    let [lo, hi] = [0, marks.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (marks[mid]!.start < end) lo = mid + 1;
      else hi = mid;
    }
    const over: EditionMark[] = [];
    for (let k = lo - 1; k >= 0 && reach[k]! > start; k--) if (marks[k]!.end > start) over.push(marks[k]!);
    return over.reverse();
  };
}

/**
 * An entry's id: a digest of the document, the lemma and the reading, the few words around the lemma in
 * the edition, and how many entries before it had the same. It depends neither on where the reading lies
 * in the scan nor on character offsets, so re-reading other pages, collating fewer pages, or editing the
 * edition elsewhere keeps the ids that reviewers' decisions are keyed to.
 */
function entryId(document: string, lemma: string, reading: string, context: { before: string; after: string }, seen: Map<string, number>): string {
  const key = `${document}|${lemma}|${reading}|${context.before.slice(-24)}|${context.after.slice(0, 24)}`;
  const n = seen.get(key) ?? 0;
  seen.set(key, n + 1);
  return `a${createHash('sha256').update(`${key}|${n}`).digest('hex').slice(0, 10)}`;
}

export function buildApparatus(input: ApparatusInput): Omit<Apparatus, 'witnesses'> & { witnesses: Omit<Apparatus['witnesses'], 'edition'> & { edition: Omit<Apparatus['witnesses']['edition'], 'digest'> } } {
  const { parsed } = input.edition;
  const witness = input.witness ?? scanWitness(input.scan.pages);
  if (witness.tokens.length === 0) throw new InputError('the selected pages hold no text to collate: every line was blank or stripped (see collate ocr --raw)');
  if (parsed.tokens.length === 0) throw new InputError(`${input.edition.file}: the edition has no text to collate`);
  const [from, to] = input.partial ? findRegion(parsed.tokens, witness.tokens) : [0, parsed.tokens.length];
  input.onProgress?.('align', 0, 1);
  let runs = align(parsed.tokens.slice(from, to), witness.tokens).map((run) => ({ ...run, edition: [run.edition[0] + from, run.edition[1] + from] as [number, number] }));
  if (input.partial) {
    // The region was widened by a margin: edition text before the scan's first matched word and after its
    // last is not omitted. Scan text facing it (half a word at a page's head) stays, as an addition.
    const firstEqual = runs.findIndex((r) => r.op === 'equal');
    const lastEqual = runs.findLastIndex((r) => r.op === 'equal');
    if (firstEqual > 0) runs = [...runs.slice(0, firstEqual).filter((r) => r.scan[1] > r.scan[0]).map((r) => ({ ...r, edition: [runs[firstEqual]!.edition[0], runs[firstEqual]!.edition[0]] as [number, number] })), ...runs.slice(firstEqual)];
    const lastAt = runs.findLastIndex((r) => r.op === 'equal');
    if (lastEqual !== -1 && lastAt < runs.length - 1) runs = [...runs.slice(0, lastAt + 1), ...runs.slice(lastAt + 1).filter((r) => r.scan[1] > r.scan[0]).map((r) => ({ ...r, edition: [runs[lastAt]!.edition[1], runs[lastAt]!.edition[1]] as [number, number] }))];
  }
  const shared = sharedWords(runs, witness.tokens);
  if (shared.words >= WRONG_DOCUMENT_WORDS && shared.matched / shared.words < WRONG_DOCUMENT) {
    throw new InputError(`${input.edition.file}: only ${shared.matched} of the scan's ${shared.words} words (${((100 * shared.matched) / shared.words).toFixed(1)}%) align with this edition; it looks like the transcript of another document (check --transcript and --scans)`);
  }
  // The span runs from the first token to the last: the document heading and the footnotes are not in it.
  const edges = runs.filter((r) => r.edition[1] > r.edition[0]);
  const first = parsed.tokens[edges[0]?.edition[0] ?? 0];
  const last = parsed.tokens[(edges.at(-1)?.edition[1] ?? 1) - 1];
  const span = { start: first?.start ?? 0, end: last?.end ?? 0 };
  const seen = new Map<string, number>();

  const found = differences(runs, parsed, witness.tokens, witness.text);
  const learning = performance.now();
  const model: NoiseModel | undefined = input.dictionary ? noiseModel(input.dictionary, parsed.tokens.filter((t) => t.editorial === undefined).map((t) => t.t), readPairs(found.paired, parsed, witness.tokens), unpairedWords(found.paired, witness.tokens), input.frequency) : undefined;
  if (model) input.onLearn?.(performance.now() - learning, model);
  const frame = anchors(runs);
  const marksAt = marksOver(parsed.marks);
  // Where the last run of matched words begins in the edition: an entry after it is at the letter's end.
  const lastWords = runs.reduce((at, r) => (r.op === 'equal' && parsed.tokens.slice(r.edition[0], r.edition[1]).some((t) => /[\p{L}\p{N}]/u.test(t.t)) ? Math.max(at, r.edition[0]) : at), -1);
  const spans = byMark(found, parsed, witness.tokens);
  // Where a word may lie hidden on each page: ink no word was read from, and the lines stripped from it.
  const frames = new Map(input.scan.pages.map((p) => [p.label, pageFrame(p)]));
  const frameOf = (page: string) => frames.get(page);
  input.onProgress?.('align', 1, 1);
  const entries: Entry[] = spans.map(({ e, s }, index) => {
    if (index % PROGRESS_EVERY === 0) input.onProgress?.('type', index, spans.length);
    const lemma = parsed.tokens.slice(e[0], e[1]);
    const reading = witness.tokens.slice(s[0], s[1]);
    const edition = lemma.length > 0 ? { start: lemma[0]!.start, end: lemma.at(-1)!.end } : { start: parsed.tokens[e[0] - 1]?.end ?? span.start, end: parsed.tokens[e[0] - 1]?.end ?? span.start };
    const marks = lemma.length > 0 ? marksAt(edition.start, edition.end) : [];
    const place = { head: frame.first !== undefined && e[1] <= frame.first.edition[0] && s[1] <= frame.first.scan[0], tail: frame.last !== undefined && e[0] >= frame.last.edition[1] && s[0] >= frame.last.scan[1], end: lastWords < e[1] };
    const editorial = marks.some((m) => m.kind !== 'page' && m.kind !== 'note-ref');
    const noise = model && !editorial ? judge(lemma, reading, model) : undefined;
    const around = reading.length > 0 ? { before: witness.text.slice(Math.max(0, reading[0]!.start - 3), reading[0]!.start), after: witness.text.slice(reading.at(-1)!.end, reading.at(-1)!.end + 3) } : undefined;
    const hidden = reading.length === 0 && lemma.length > 0 && hiddenOnPage(parsed.text.slice(lemma[0]!.start, lemma.at(-1)!.end), witness.tokens[s[0] - 1], witness.tokens[s[0]], frameOf);
    const difference: Difference = { lemma, reading, marks, place, ...(around ? { around } : {}), ...(noise ? { noise } : {}), ...(hidden ? { hidden } : {}) };
    const typed = classify(believed(difference, noise), input.rules ?? DEFAULT_CLASSIFIERS);
    const anchor = reading[0] ?? witness.tokens[s[0] - 1] ?? witness.tokens[s[0]];
    const onLine = reading.filter((t) => t.page === anchor?.page && t.line === anchor.line);
    const scanAt = reading.length > 0 ? { start: reading[0]!.start, end: reading.at(-1)!.end } : { start: witness.tokens[s[0] - 1]?.end ?? 0, end: witness.tokens[s[0] - 1]?.end ?? 0 };
    const lemmaText = lemma.length > 0 ? parsed.text.slice(edition.start, edition.end) : '';
    const readingText = witness.text.slice(scanAt.start, scanAt.end);
    const context = { before: flat(parsed.text.slice(Math.max(span.start, edition.start - CONTEXT), edition.start)).trimStart(), after: flat(parsed.text.slice(edition.end, Math.min(span.end, edition.end + CONTEXT))).trimEnd() };
    return {
      id: entryId(input.document, lemmaText, readingText, context, seen),
      ...typed,
      lemma: lemmaText,
      reading: readingText,
      page: anchor?.page ?? '',
      scan: {
        file: anchor?.file ?? '',
        line: anchor?.line ?? 0,
        bbox: onLine.length > 0 ? unionBoxes(onLine.map((t) => t.bbox)) : (anchor?.bbox ?? [0, 0, 0, 0]),
        confidence: reading.length > 0 ? reading.reduce((m, t) => Math.min(m, t.confidence), Infinity) : (anchor?.confidence ?? 0),
        ...scanAt,
      },
      // For TEI the offsets count the reading text; line and column give the lemma's place in the file.
      edition: parsed.source ? { ...edition, ...placeInTranscript(parsed, edition.start) } : edition,
      context,
      ...(noise ? { evidence: evidenceOf(noise) } : {}),
      status: 'unreviewed' as const,
    };
  });
  input.onProgress?.('type', spans.length, spans.length);
  const starts = pageStarts(witness.tokens, runs, parsed);

  return {
    schemaVersion: 1,
    document: input.document,
    witnesses: {
      scan: { folder: input.scan.folder, pages: input.scan.pages.map((p) => ({ label: p.label, file: p.file, ...starts.get(p.label) })), text: witness.text },
      edition: { file: input.edition.file, span, ...(parsed.source ? { tei: parsed.source.document ? { document: parsed.source.document } : {} } : {}) },
    },
    entries,
    milestones: parsed.marks.filter((m) => (m.kind === 'page' || m.kind === 'note-ref' || m.kind === 'heading') && m.start < span.end && span.start <= m.start),
    notes: parsed.notes,
    stripped: input.scan.pages.flatMap((p) => p.stripped),
  };
}
