/**
 * Alignment of two token sequences. Pure.
 *
 * Each distinct normalized token is encoded as one character (diff-match-patch's linesToChars trick,
 * applied to words), the two strings are diffed, and the result read back as equal runs and changed
 * blocks. A scan of only some pages is first placed in the edition by unique-word anchors (in the manner
 * of RETAS), so the rest of the edition is not reported as omitted.
 */
import DiffMatchPatch from 'diff-match-patch';
import { InputError } from './errors.js';
import { editDistance } from './metrics.js';

export interface Matchable {
  n: string;
}

/** A run of the alignment: tokens [from, to) of each side, equal or changed. Either side may be empty. */
export interface Run {
  op: 'equal' | 'change';
  edition: [number, number];
  scan: [number, number];
}

const dmp = new DiffMatchPatch();
dmp.Diff_Timeout = 0;

function encode(sides: readonly (readonly Matchable[])[]): string[] {
  const codes = new Map<string, string>();
  return sides.map((tokens) =>
    tokens
      .map((token) => {
        let code = codes.get(token.n);
        if (code === undefined) {
          // Skip the surrogate range: every code must be one UTF-16 unit.
          const next = 0x100 + codes.size;
          if (next + 0x800 > 0xffff) throw new InputError('the texts hold more than 60,000 distinct words; collate them in parts (--pages)');
          code = String.fromCharCode(next >= 0xd800 ? next + 0x800 : next);
          codes.set(token.n, code);
        }
        return code;
      })
      .join(''),
  );
}

/**
 * Above this many tokens on the longer side, the texts are cut at anchors before diffing. diff-match-patch
 * (Myers) costs the length times the number of edits: on the bench's synthetic pairs with 2% of words
 * edited, 55,000 tokens a side took 1.6 s and 165,000 over 30 s, while 511 (about 6,000 tokens) takes
 * milliseconds. Below it, the whole texts are diffed at once, as they always were.
 */
export const ANCHOR_ABOVE = 20_000;

/** The length of the runs of tokens that anchor a long alignment: found once on each side, they match. */
const ANCHOR_GRAM = 5;

/** Aligns the edition's tokens with the scan's: equal runs and changed blocks, in order, covering both. */
export function align(edition: readonly Matchable[], scan: readonly Matchable[]): Run[] {
  const [a, b] = encode([edition, scan]) as [string, string];
  const runs: Run[] = [];
  const add = (op: 'equal' | 'change', e0: number, e1: number, s0: number, s1: number) => {
    if (e1 === e0 && s1 === s0) return;
    const last = runs.at(-1);
    if (last?.op === op) [last.edition[1], last.scan[1]] = [e1, s1];
    else runs.push({ op, edition: [e0, e1], scan: [s0, s1] });
  };
  const diff = (e0: number, e1: number, s0: number, s1: number) => {
    let [i, j] = [e0, s0];
    for (const [op, text] of dmp.diff_main(a.slice(e0, e1), b.slice(s0, s1), false)) {
      if (op === 0) add('equal', i, (i += text.length), j, (j += text.length));
      else if (op === -1) add('change', i, (i += text.length), j, j);
      else add('change', i, i, j, (j += text.length));
    }
  };
  if (Math.max(a.length, b.length) <= ANCHOR_ABOVE) diff(0, a.length, 0, b.length);
  else {
    // Patience: the longest chain of anchors in order on both sides; the stretches between them diffed alone.
    let [i, j] = [0, 0];
    for (const [e, s] of anchors(a, b)) {
      if (e < i || s < j) continue;
      diff(i, e, j, s);
      add('equal', e, e + 1, s, s + 1);
      [i, j] = [e + 1, s + 1];
    }
    diff(i, a.length, j, b.length);
  }
  return runs;
}

/** Token positions [edition, scan] that begin a run of ANCHOR_GRAM tokens found once on each side, in a chain increasing on both. */
function anchors(a: string, b: string): [number, number][] {
  // Runs are keyed by a 30-bit hash of their codes, a small integer that a Map holds without allocating.
  // Runs that share a hash are taken for one (and so for no anchor), and a pair is only kept once its runs
  // are seen to be equal.
  const key = (text: string, i: number) => {
    let h = 0x811c9dc5;
    for (let k = i; k < i + ANCHOR_GRAM; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    return h >>> 2;
  };
  const once = (text: string) => {
    const at = new Map<number, number>();
    for (let i = 0; i + ANCHOR_GRAM <= text.length; i++) {
      const k = key(text, i);
      at.set(k, at.has(k) ? -1 : i);
    }
    return at;
  };
  const inEdition = once(a);
  const pairs: [number, number][] = [];
  for (const [k, s] of once(b)) {
    const e = inEdition.get(k);
    if (s !== -1 && e !== undefined && e !== -1 && a.startsWith(b.slice(s, s + ANCHOR_GRAM), e)) pairs.push([e, s]);
  }
  pairs.sort((x, y) => x[1] - y[1]);
  return longestChain(pairs);
}

/** The longest chain of pairs increasing on both sides; `pairs` come in increasing order of their second. */
function longestChain(pairs: readonly [number, number][]): [number, number][] {
  const tails: number[] = [];
  const previous: number[] = [];
  pairs.forEach(([e], k) => {
    let [lo, hi] = [0, tails.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![0] < e) lo = mid + 1;
      else hi = mid;
    }
    previous[k] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = k;
  });
  const chain: [number, number][] = [];
  for (let k = tails.at(-1) ?? -1; k !== -1; k = previous[k]!) chain.push(pairs[k]!);
  return chain.reverse();
}

/** The alignment as pairs of token indexes, with null for a gap; a changed block pairs its tokens in order. */
export function pairs(runs: readonly Run[]): [number | null, number | null][] {
  return runs.flatMap((run) => {
    const [e, s] = [run.edition[1] - run.edition[0], run.scan[1] - run.scan[0]];
    return Array.from({ length: Math.max(e, s) }, (_, k) => [k < e ? run.edition[0] + k : null, k < s ? run.scan[0] + k : null] as [number | null, number | null]);
  });
}

const WORD = /^\p{L}{4,}$/u;

/**
 * Where in the edition a partial scan lies: tokens [from, to). Anchors are words found once in each
 * witness; a scan word misread by one letter still anchors to a unique edition word of six letters or
 * more. The longest chain of anchors in order on both sides places the scan; the region runs from the
 * first anchor to the last, widened by the scan tokens before and after them and a margin.
 */
export function findRegion(edition: readonly Matchable[], scan: readonly Matchable[]): [number, number] {
  const count = (tokens: readonly Matchable[]) => {
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t.n, (counts.get(t.n) ?? 0) + 1);
    return counts;
  };
  const [inEdition, inScan] = [count(edition), count(scan)];
  const uniqueAt = new Map<string, number>();
  edition.forEach((t, i) => inEdition.get(t.n) === 1 && WORD.test(t.n) && uniqueAt.set(t.n, i));
  const byLength = new Map<number, string[]>();
  for (const word of uniqueAt.keys()) if (word.length >= 6) byLength.set(word.length, [...(byLength.get(word.length) ?? []), word]);

  const anchors: [number, number][] = [];
  scan.forEach((t, s) => {
    if (inScan.get(t.n) !== 1 || !WORD.test(t.n)) return;
    let e = uniqueAt.get(t.n);
    if (e === undefined && t.n.length >= 6) {
      const near = [t.n.length - 1, t.n.length, t.n.length + 1].flatMap((n) => byLength.get(n) ?? []).filter((w) => Math.abs(w.length - t.n.length) <= 1 && editDistance(w, t.n) <= 1);
      if (near.length === 1) e = uniqueAt.get(near[0]!);
    }
    if (e !== undefined) anchors.push([s, e]);
  });
  if (anchors.length === 0) return [0, edition.length];

  // Longest chain increasing on both sides (anchors are already in scan order): patience sorting.
  const tails: number[] = [];
  const previous: number[] = [];
  anchors.forEach(([, e], k) => {
    let [lo, hi] = [0, tails.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (anchors[tails[mid]!]![1] < e) lo = mid + 1;
      else hi = mid;
    }
    previous[k] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = k;
  });
  const chain: [number, number][] = [];
  for (let k = tails.at(-1)!; k !== -1; k = previous[k]!) chain.unshift(anchors[k]!);
  const [firstScan, firstEdition] = chain[0]!;
  const [lastScan, lastEdition] = chain.at(-1)!;
  const margin = Math.max(20, Math.round(scan.length * 0.05));
  return [Math.max(0, firstEdition - firstScan - margin), Math.min(edition.length, lastEdition + (scan.length - lastScan) + margin)];
}

/** The largest block refined token by token (tokens on one side × the other). */
export const REFINE_LIMIT = 40_000;

/** Character similarity of two tokens: 1 − edit distance / longer length. */
const likeness = (a: string, b: string): number => (a === b ? 1 : 1 - editDistance(a, b) / Math.max(a.length, b.length));

/**
 * Refines a changed block character by character: tokens alike enough (half their characters or more)
 * are paired in order, the rest left as gaps, by a small global alignment (Needleman–Wunsch) that
 * rewards likeness. Returns pairs of block-relative indexes, with null for a gap.
 */
export function refine(edition: readonly Matchable[], scan: readonly Matchable[]): [number | null, number | null][] {
  const [n, m] = [edition.length, scan.length];
  // A block this large is not a variant but texts that do not match (a wrong page, junk OCR): left whole.
  if (n * m > REFINE_LIMIT) return [...Array.from({ length: n }, (_, i) => [i, null] as [number, null]), ...Array.from({ length: m }, (_, j) => [null, j] as [null, number])];
  const score = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const GAP = -0.5;
  for (let i = 1; i <= n; i++) score[i]![0] = i * GAP;
  for (let j = 1; j <= m; j++) score[0]![j] = j * GAP;
  const like = (i: number, j: number) => {
    const l = likeness(edition[i]!.n, scan[j]!.n);
    return l >= 0.5 ? l : -Infinity;
  };
  for (let i = 1; i <= n; i++) for (let j = 1; j <= m; j++) score[i]![j] = Math.max(score[i - 1]![j - 1]! + like(i - 1, j - 1), score[i - 1]![j]! + GAP, score[i]![j - 1]! + GAP);
  const out: [number | null, number | null][] = [];
  let [i, j] = [n, m];
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && score[i]![j] === score[i - 1]![j - 1]! + like(i - 1, j - 1)) out.push([--i, --j]);
    else if (i > 0 && score[i]![j] === score[i - 1]![j]! + GAP) out.push([--i, null]);
    else out.push([null, --j]);
  }
  return out.reverse();
}
