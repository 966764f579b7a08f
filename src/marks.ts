/**
 * Editorial marks and the differences around them: the differences that fall within one piece of the
 * editors' matter become one entry, and punctuation just outside it stays apart. Pure.
 */
import { editDistance } from './metrics.js';
import type { ParsedEdition } from './model.js';

/** A difference: tokens [from, to) of the edition (`e`) and of the scan (`s`). */
export type Span = { e: [number, number]; s: [number, number] };

/**
 * One entry per piece of editorial matter: differences that fall within a correction "in [is]", a
 * conjecture or a heading "Part 5: […]" are joined, with the text between them, into one.
 *
 * One pass over the marks (in the edition's order, outer before inner) and the differences (in edition
 * order): the differences a mark touches lie at the tail of those already passed, so each is looked at a
 * bounded number of times, and the cost is linear in the text, not in the text times the marks.
 */
export function byMark({ found, paired }: { found: Span[]; paired: Map<number, number> }, parsed: ParsedEdition, scan: readonly { t: string }[] = []): Span[] {
  const { tokens } = parsed;
  const out: Span[] = [];
  let next = 0; // the first difference of `found` not yet in `out`
  let token = 0; // the first token that may begin inside the current mark
  let merged = false;
  for (const mark of parsed.marks) {
    if (mark.kind === 'page' || mark.kind === 'note-ref' || mark.subkind === 'document') continue;
    // The mark's tokens: a contiguous run, since tokens neither overlap nor go back. Marks go by their start,
    // but an inner mark starts no earlier than its outer one, so the search only ever moves forward.
    token = lowerBound(tokens, mark.start, token);
    let m1 = token;
    while (m1 < tokens.length && tokens[m1]!.end <= mark.end) m1++;
    const m0 = token;
    if (m1 === m0) continue;
    while (next < found.length && found[next]!.e[0] < m1) out.push(found[next++]!);
    // The differences touching the mark, taken off the tail; the rest of the tail is put back after.
    const touches = (d: Span) => (d.e[0] < m1 && m0 < d.e[1]) || (d.e[0] === d.e[1] && d.e[0] > m0 && d.e[0] < m1);
    const tail: Span[] = [];
    while (out.length > 0) {
      const d = out.at(-1)!;
      if (d.e[1] <= m0 && d.e[0] < m0) break; // wholly before the mark, and so is everything before it
      tail.unshift(out.pop()!);
    }
    const touching = tail.filter(touches);
    const exact = touching.length === 1 && touching[0]!.e[0] === m0 && touching[0]!.e[1] === m1;
    if (touching.length === 0 || exact) {
      out.push(...tail);
      continue;
    }
    const kept = tail.filter((d) => !touches(d));
    const e: [number, number] = [Math.min(m0, ...touching.map((d) => d.e[0])), Math.max(m1, ...touching.map((d) => d.e[1]))];
    // The scan tokens the mark's own tokens were matched with belong to the entry too ("of" in "of [on]").
    const matched: number[] = [];
    for (let i = m0; i < m1; i++) {
      const j = paired.get(i);
      if (j !== undefined) matched.push(j);
    }
    const s: [number, number] = [Math.min(...matched, ...touching.map((d) => d.s[0])), Math.max(...matched.map((j) => j + 1), ...touching.map((d) => d.s[1]))];
    // Words beside the mark that another mark holds (the TEI opener around "[Received February 22]") stay
    // with it: that mark has joined them already, and its entry is the whole.
    const enclosed = (i: number) => parsed.marks.some((o) => o !== mark && o.kind !== 'page' && o.kind !== 'note-ref' && o.subkind !== 'document' && tokens[i]!.start >= o.start && tokens[i]!.end <= o.end);
    const pieces = trimToMark({ e, s }, [m0, m1], parsed, scan, enclosed);
    out.push(...kept, ...pieces);
    sortTail(out, kept.length + pieces.length);
    merged = true;
  }
  while (next < found.length) out.push(found[next++]!);
  return merged ? out.sort(byPlace) : out;
}

const byPlace = (a: Span, b: Span) => a.e[0] - b.e[0] || a.s[0] - b.s[0];

/** Sorts the last `n` spans of `spans` in place, by their place. */
function sortTail(spans: Span[], n: number): void {
  if (n < 2) return;
  spans.push(...spans.splice(spans.length - n, n).sort(byPlace));
}

/** The first token at or after `from` that starts at or after `at`. */
function lowerBound(tokens: ParsedEdition['tokens'], at: number, from: number): number {
  let [lo, hi] = [from, tokens.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Punctuation the edition has just outside a mark ("[apparent omission]." or "[])") is its own entry,
 * not part of the editorial one; so are words just outside it that the scan has too, however written
 * ("[dissolving?] for our" against the scan's "for-our"): the mark's entry keeps what faces the mark.
 */
function trimToMark(d: Span, [m0, m1]: [number, number], parsed: ParsedEdition, scan: readonly { t: string }[], enclosed: (token: number) => boolean): Span[] {
  const punctuation = (from: number, to: number) => parsed.tokens.slice(from, to).every((t) => !/[\p{L}\p{N}]/u.test(t.t));
  const out: Span[] = [];
  let core = d;
  if (core.e[0] < m0 && punctuation(core.e[0], m0)) {
    out.push({ e: [core.e[0], m0], s: [core.s[0], core.s[0]] });
    core = { e: [m0, core.e[1]], s: core.s };
  }
  if (core.e[1] > m1 && punctuation(m1, core.e[1])) {
    out.push({ e: [m1, core.e[1]], s: [core.s[1], core.s[1]] });
    core = { e: [core.e[0], m1], s: core.s };
  }
  const free = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k).every((i) => !enclosed(i));
  if (core.e[0] < m0 && free(core.e[0], m0)) {
    const j = facing(parsed.tokens.slice(core.e[0], m0), scan, core.s, 'before');
    if (j !== undefined) {
      out.push({ e: [core.e[0], m0], s: [core.s[0], j] });
      core = { e: [m0, core.e[1]], s: [j, core.s[1]] };
    }
  }
  if (core.e[1] > m1 && free(m1, core.e[1])) {
    const j = facing(parsed.tokens.slice(m1, core.e[1]), scan, core.s, 'after');
    if (j !== undefined) {
      out.push({ e: [m1, core.e[1]], s: [j, core.s[1]] });
      core = { e: [core.e[0], m1], s: [core.s[0], j] };
    }
  }
  return [core, ...out];
}

/**
 * Where the scan's side of a span divides so that its tokens before the division (`before`) or after it
 * (`after`) read as the given words of the edition, letter for letter but for OCR's slips (a third of the
 * letters at most); undefined when no division does.
 */
function facing(words: readonly { t: string }[], scan: readonly { t: string }[], [s0, s1]: [number, number], side: 'before' | 'after'): number | undefined {
  const lettersOf = (tokens: readonly { t: string }[]) => tokens.map((t) => t.t).join('').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
  const target = lettersOf(words);
  if (target.length < 2 || scan.length < s1) return undefined;
  let best: { j: number; distance: number } | undefined;
  for (let j = s0; j <= s1; j++) {
    const distance = editDistance(lettersOf(side === 'before' ? scan.slice(s0, j) : scan.slice(j, s1)), target);
    if (!best || distance < best.distance) best = { j, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(target.length / 3)) ? best.j : undefined;
}
