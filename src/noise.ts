/**
 * The noise model: is a difference OCR error or the document's own reading? A noisy channel in Norvig's
 * manner, learned from the run itself. Pure: the lexicon's words are given to it.
 *
 * For a reading R where the edition has the lemma L, read at confidence c, the hypotheses are:
 *   the page holds L and OCR turned it into R:       (1 − π) · e(c) · Q(R | L)
 *   the page holds another word w, OCR read it as R:  π · e(c) · Q(R | w)     (w a word of the lexicon)
 *   the page holds R itself:                          π · (1 − e(c)) · (R a word ? 1 : ρ)
 * where e(c) is the share of words read at that confidence that OCR got wrong, Q the character channel
 * (substitutions, insertions, deletions, each with its learned probability), π the prior of a variant and ρ
 * the share of the edition's words that the dictionary does not know (names). Both e and Q are counted on
 * the run's own aligned word pairs, so they describe this typewriter and this scan.
 */
import { editDistance } from './metrics.js';
import type { EditionToken, ScanToken } from './model.js';
import { lexiconOf, NUMBER, type Frequency, type Lexicon, type WordSet } from './words.js';

export { frequencyTable, lexiconOf, sortedWords, type Frequency, type Lexicon, type WordSet } from './words.js';

/**
 * The prior of a variant: the share of a collated text's words an edition changes. Measured on the
 * project's gold apparatus of 511: 21 garble, editorial and substantive entries in about 5,300 words (0.4%).
 */
export const VARIANT_PRIOR = 0.004;

/** Confidence is counted in bands of this width when learning how often OCR errs at each confidence. */
const BAND = 10;

/** A pair of a lemma and the reading OCR made of it, from the run's alignment. */
export interface ReadPair {
  lemma: string;
  reading: string;
  confidence: number;
}

export interface Channel {
  /** P(OCR read the word wrong | its confidence), per band of BAND points. */
  errorRate: number[];
  /** P(OCR read a word where the edition has none | its confidence), per band: marks and specks read as words. */
  inventRate: number[];
  /** −log P of an edit: `s` a substituted for b, `d` a deleted, `i` b inserted, `m` a kept. */
  cost: (op: 'm' | 's' | 'd' | 'i', a: string, b?: string) => number;
  /** The learned substitutions, most frequent first: what the typewriter and the scan confuse. */
  confusions: { from: string; to: string; count: number }[];
  /** Pairs it was learned from, and how many of them OCR read wrong. */
  pairs: number;
  errors: number;
  /**
   * P(a misreading is marks, not the word distorted | OCR read the word wrong): readings that share little
   * with their word (more than half its letters changed), such as a pen stroke or a stamp's edge over it read
   * "al". Counted on the run's pairs read wrong, Laplace-smoothed. Words far from their lemma count too: on
   * real pages they are mostly readings the alignment paired wrongly, rarely variants (0.4% of words);
   * counting non-words alone took `dr0125`'s "end" for "and", read at 93, from OCR's (P 0.80) to a variant.
   */
  garbage: number;
}

/** Separates the parts of an edit's key; no text holds it. */
const SEP = '\u0000';

type Op = { op: 'm' | 's' | 'd' | 'i'; a: string; b: string };

/** The edits that turn a into b, by Levenshtein distance over characters. */
function edits(a: string, b: string): Op[] {
  const n = a.length;
  const m = b.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) for (let j = 1; j <= m; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  const ops: Op[] = [];
  let [i, j] = [n, m];
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i]![j] === d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)) {
      ops.push({ op: a[i - 1] === b[j - 1] ? 'm' : 's', a: a[i - 1]!, b: b[j - 1]! });
      [i, j] = [i - 1, j - 1];
    } else if (i > 0 && d[i]![j] === d[i - 1]![j]! + 1) {
      ops.push({ op: 'd', a: a[i - 1]!, b: '' });
      i--;
    } else {
      ops.push({ op: 'i', a: '', b: b[j - 1]! });
      j--;
    }
  }
  return ops.reverse();
}

const close = (a: string, b: string, distance: number) => distance <= Math.max(2, Math.floor(Math.max(a.length, b.length) / 2));

/**
 * Learns the channel from the run's aligned word pairs. A pair read wrong and still close to its lemma
 * (at most half its letters changed) teaches which characters are confused; pairs further apart are
 * variants or wholesale garbles, and teach only the error rate.
 */
export function learnChannel(pairs: readonly ReadPair[], unpaired: readonly { confidence: number }[] = []): Channel {
  const bands = Math.floor(100 / BAND) + 1;
  const seen = new Array<number>(bands).fill(0);
  const wrong = new Array<number>(bands).fill(0);
  const count = new Map<string, number>();
  const letters = new Map<string, number>();
  let kept = 0;
  let total = 0;
  let places = 0;
  let errors = 0;
  let unrelated = 0;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const p of pairs) {
    const band = Math.min(bands - 1, Math.max(0, Math.floor(p.confidence / BAND)));
    // A change of case alone is as often the document's (a list's "(b)" typed "(B)") as OCR's: neither
    // an error nor a lesson about the channel.
    if (p.lemma !== p.reading && p.lemma.toLowerCase() === p.reading.toLowerCase()) continue;
    seen[band]!++;
    if (p.lemma === p.reading) continue;
    wrong[band]!++;
    errors++;
    const ops = edits(p.lemma, p.reading);
    const distance = ops.filter((o) => o.op !== 'm').length;
    if (!close(p.lemma, p.reading, distance)) {
      unrelated++;
      continue;
    }
    places += p.lemma.length + 1;
    for (const o of ops) {
      if (o.op === 'i') {
        bump(count, `i${SEP}${o.b}`);
        continue;
      }
      total++;
      bump(letters, o.a);
      if (o.op === 'm') kept++;
      else bump(count, o.op === 's' ? `s${SEP}${o.a}${SEP}${o.b}` : `d${SEP}${o.a}`);
    }
  }
  // Laplace-smoothed, with a band's rate drawn toward the run's overall rate when the band is thin.
  const overall = (errors + 1) / (pairs.length + 2);
  const errorRate = seen.map((n, b) => (wrong[b]! + 4 * overall) / (n + 4));
  const extra = new Array<number>(bands).fill(0);
  for (const u of unpaired) extra[Math.min(bands - 1, Math.max(0, Math.floor(u.confidence / BAND)))]!++;
  const inventRate = seen.map((n, b) => (extra[b]! + 1) / (n + extra[b]! + 2));
  // Each letter's chance to be kept, drawn toward the overall one; what is left is shared among its edits,
  // each of ALPHABET possible edits counted once more than seen (Laplace), so a scan's long tail of
  // misreads keeps some weight.
  const ALPHABET = 60;
  const keepAll = (kept + 1) / (total + 2);
  const changed = new Map<string, number>();
  for (const [key, n] of count) if (!key.startsWith('i')) changed.set(key.split(SEP)[1]!, (changed.get(key.split(SEP)[1]!) ?? 0) + n);
  const keep = (a: string) => ((letters.get(a) ?? 0) - (changed.get(a) ?? 0) + 5 * keepAll) / ((letters.get(a) ?? 0) + 5);
  const cost = (op: 'm' | 's' | 'd' | 'i', a: string, b = ''): number => {
    if (op === 'i') return -Math.log(((count.get(`i${SEP}${b}`) ?? 0) + 1) / (places + ALPHABET));
    const k = keep(a);
    if (op === 'm') return -Math.log(k);
    const key = op === 's' ? `s${SEP}${a}${SEP}${b}` : `d${SEP}${a}`;
    return -Math.log((1 - k) * (((count.get(key) ?? 0) + 1) / ((changed.get(a) ?? 0) + ALPHABET)));
  };
  const confusions = [...count]
    .filter(([key]) => key.startsWith('s'))
    .map(([key, n]) => ({ from: key.split(SEP)[1]!, to: key.split(SEP)[2]!, count: n }))
    .sort((x, y) => y.count - x.count);
  return { errorRate, inventRate, cost, confusions, pairs: pairs.length, errors, garbage: (unrelated + 1) / (errors + 2) };
}

/** −log Q(reading | word): the cheapest way the channel turns the word into the reading. */
export function channelCost(channel: Channel, word: string, reading: string): number {
  const n = word.length;
  const m = reading.length;
  let row = new Float64Array(m + 1);
  for (let j = 1; j <= m; j++) row[j] = row[j - 1]! + channel.cost('i', '', reading[j - 1]!);
  for (let i = 1; i <= n; i++) {
    const next = new Float64Array(m + 1);
    const a = word[i - 1]!;
    next[0] = row[0]! + channel.cost('d', a);
    for (let j = 1; j <= m; j++) {
      const b = reading[j - 1]!;
      next[j] = Math.min(row[j - 1]! + (a === b ? channel.cost('m', a) : channel.cost('s', a, b)), row[j]! + channel.cost('d', a), next[j - 1]! + channel.cost('i', '', b));
    }
    row = next;
  }
  return row[m]!;
}

/** P(a string of letters | an unknown word): each character one of LETTERS. What a name or a non-word costs. */
const LETTERS = 26;
/** A run of a word's letters at least this long is a piece of that word; shorter runs ("on", "at") are anywhere. */
const FRAGMENT = 3;
/** What a name or an unknown word is made of. */
const SPELLABLE = /^[\p{L}'’-]+$/u;
const unknownWord = (w: string) => -w.length * Math.log(LETTERS);
/**
 * P(a string | marks read as text): each character any of the typewriter's printable ones (ASCII's 95). A
 * short string read from a pen stroke ("al") is likelier so than a word changed into it; a long or well-formed
 * one is not.
 */
const PRINTABLE = 95;
const marks = (w: string) => -w.length * Math.log(PRINTABLE);
/** About how many words a document may use: the chance of any one of them where a word was added. */
const WORDS = 50_000;

/** log(e^a + e^b), without underflow for long strings. */
const logSum = (a: number, b: number) => Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));

const errorAt = (channel: Channel, confidence: number) => channel.errorRate[Math.min(channel.errorRate.length - 1, Math.max(0, Math.floor(confidence / BAND)))]!;

/** Words one or two edits from the reading that the lexicon holds: what the page may hold instead. */
function neighbours(reading: string, lexicon: Lexicon, channel: Channel): string[] {
  const found = new Set<string>();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  // Every word one edit away (Norvig's edits1).
  const one = (w: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i <= w.length; i++) {
      const [head, tail] = [w.slice(0, i), w.slice(i)];
      if (tail) out.push(head + tail.slice(1));
      for (const c of alphabet) {
        if (tail) out.push(head + c + tail.slice(1));
        out.push(head + c + tail);
      }
    }
    return out;
  };
  for (const w of one(reading)) if (lexicon.has(w)) found.add(w);
  // Two edits only along what this scan is known to confuse, and deletions: Norvig's edits2, pruned to
  // what the channel makes likely, so a long non-word costs hundreds of look-ups, not tens of thousands.
  const learned = new Map<string, string[]>();
  for (const c of channel.confusions.slice(0, 40)) learned.set(c.to, [...(learned.get(c.to) ?? []), c.from]);
  const likely = (w: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i < w.length; i++) {
      const [head, tail] = [w.slice(0, i), w.slice(i + 1)];
      out.push(head + tail);
      for (const from of learned.get(w[i]!) ?? []) out.push(head + from + tail);
    }
    return out;
  };
  if (reading.length >= 4) for (const w of likely(reading)) for (const v of likely(w)) if (lexicon.has(v)) found.add(v);
  found.delete(reading);
  return [...found].slice(0, 200);
}

/** What the noise model concluded about one difference, and why. */
export interface NoiseVerdict {
  /** `ocr` when the page most likely holds the lemma. */
  verdict: 'ocr' | 'variant';
  /** P(the difference is OCR error | the evidence), 0–1. */
  noise: number;
  /**
   * What the reading is: `nonword` (no word, close to the lemma), `confusion` (a word misread into another
   * word), `spurious` (marks read as added words), `glued` (a stop between two words), or a `variant`.
   */
  kind: 'nonword' | 'confusion' | 'spurious' | 'glued' | 'variant';
  /** The words the model believes the page holds, where they differ from the reading as read. */
  believed?: string[];
  /** The hypotheses it weighed, most likely first: the page's word and its probability. */
  alternatives: { word: string; p: number }[];
  /** A misread into a real word, or a variant read with doubt: worth a reviewer's look. */
  suspect: boolean;
}

/** The judgement is doubtful, and the entry marked suspect, when the losing side has at least this probability. */
export const SUSPECT = 0.2;

const WORDLIKE = /[\p{L}\p{N}]/u;
/** A stop between two words with no space: "of.military", "systems.of". */
const GLUED = /\p{L}{2}[.,;:]\p{L}{2}/u;
/** A confidence at or above this is a transcription, not OCR: the noise model does not judge it. */
const TRANSCRIBED = 100;

const normalise = (tokens: readonly { t: string }[]) => tokens.filter((t) => WORDLIKE.test(t.t)).map((t) => t.t.replace(/[’]/g, "'"));

/**
 * Judges one difference. Omissions are not judged (OCR cannot be told from the document there), nor
 * readings made by hand (confidence 100), nor differences of punctuation alone.
 */
export function judge(lemma: readonly EditionToken[], reading: readonly ScanToken[], { channel, lexicon, nameShare, frequency }: NoiseModel): NoiseVerdict | undefined {
  const l = normalise(lemma);
  // A number is a word where the edition has a number ("800,000" for "700,000"); elsewhere "211" for
  // "all" is a misread like any string of marks.
  const known: Lexicon = { has: (w) => (NUMBER.test(w.replace(/[^\p{L}\p{N},.]/gu, '')) ? l.some((x) => /\d/.test(x)) : lexicon.has(w)) };
  // A reading of marks alone ("&" for "a") is judged as a string that is no word.
  const r = normalise(reading).length > 0 || l.length === 0 ? normalise(reading) : [reading.map((t) => t.t).join('')];
  const joined = (ws: string[]) => ws.join('').replace(/[^\p{L}\p{N}]/gu, '');
  if (joined(l) === joined(r)) {
    // The same letters spaced or stopped otherwise: an accidental, unless a stop stands glued between two
    // words ("of.military"), which a typist does not strike and a speck on the scan makes.
    const glued = reading.find((t) => t.confidence < TRANSCRIBED && GLUED.test(t.t) && !lexicon.has(t.t));
    return glued ? { verdict: 'ocr', noise: 1, kind: 'glued', alternatives: [{ word: l.join(' '), p: 1 }], suspect: false } : undefined;
  }
  if (r.length === 0 || reading.every((t) => t.confidence >= TRANSCRIBED)) return undefined;
  // Case alone, in words the lexicon knows or in single letters: the case rule's, not noise.
  if (joined(l).toLowerCase() === joined(r).toLowerCase() && r.every((w) => w.length === 1 || lexicon.has(w))) return undefined;
  const words = reading.filter((t) => WORDLIKE.test(t.t));
  const confidences = (words.length === r.length ? words : [{ confidence: Math.min(...reading.map((t) => t.confidence)) }]).map((t) => t.confidence);
  if (l.length === 0) return added(r, confidences, channel, known, nameShare);
  if (l.length === r.length) {
    const verdicts = l.map((w, i) => {
      // Where two models read the ink apart, both readings are the evidence ("heave", where the first model
      // read "heve" for "have").
      const alt = words.length === r.length ? words[i]!.alt : undefined;
      const taken = word(w, r[i]!, confidences[i]!, channel, known, nameShare, frequency);
      return alt !== undefined && alt !== r[i] ? twoReadings(w, r[i]!, alt, taken, confidences[i]!, channel, frequency) : taken;
    });
    return combine(verdicts, r);
  }
  // Words split or run together by OCR ("conse- guences"): judged whole, letters against letters.
  // No other word is named for them: the page's words cannot be told apart from how they were cut.
  return word(joined(l), joined(r), Math.min(...confidences), channel, known, nameShare, undefined, r.every((w) => known.has(w)), false);
}

/**
 * log P(the page holds w | the edition's lemma was changed), against the variant prior alone: a word
 * written in place of another is about as common as it, or rarer in proportion (min(1, f(w) / f(lemma)),
 * f the word's frequency in English). "ere" for "are" is 2,000 times rarer, "repressive" for
 * "restrictive" about as common, "small" for "modest" more common. A word the counts never saw counts as
 * one seen once. Without frequencies, every word is as likely.
 */
function rarity(frequency: Frequency | undefined, lemma: string): (w: string) => number {
  if (!frequency) return () => 0;
  const f = (w: string) => Math.log(Math.max(frequency.of(w), frequency.floor));
  const base = f(lemma);
  return (w) => Math.min(0, f(w) - base);
}

function word(lemma: string, reading: string, confidence: number, channel: Channel, lexicon: Lexicon, nameShare: number, frequency: Frequency | undefined, isWord = lexicon.has(reading), name = true): NoiseVerdict {
  const e = errorAt(channel, confidence);
  const rare = rarity(frequency, lemma);
  const hypotheses: { word: string; log: number }[] = [];
  if (lemma === reading) return { verdict: 'ocr', noise: 1, kind: 'confusion', alternatives: [{ word: lemma, p: 1 }], suspect: false };
  // OCR read the lemma wrong: distorting it letter by letter, or reading marks over it as a string of their own.
  hypotheses.push({ word: lemma, log: Math.log(1 - VARIANT_PRIOR) + Math.log(e) - misread(channel, lemma, reading) });
  // The page may hold the reading itself if it is a word, or could be a name: letters, with an apostrophe or
  // hyphen, or a number. Letters run together with digits or signs ("7SE&", "f211") are no text a typist wrote.
  if (isWord || SPELLABLE.test(reading) || NUMBER.test(reading)) hypotheses.push({ word: reading, log: Math.log(VARIANT_PRIOR) + Math.log(1 - e) + (isWord ? rare(reading) : Math.log(nameShare) + unknownWord(reading)) });
  // A non-word close to the lemma is the lemma misread: another word is sought only for a reading the
  // lemma cannot explain ("Legsetion" where the edition has "Embassy").
  // A non-word that is a run of the lemma's own letters ("tion" for "emigration") is the lemma with a piece
  // lost, cut at a line's edge or hidden under a stamp: near it, however many letters went.
  const near = close(lemma, reading, editDistance(lemma, reading)) || (reading.length >= FRAGMENT && lemma.toLowerCase().includes(reading.toLowerCase()));
  if (!isWord && name && !near) {
    // The variant prior is the chance that the page holds some other word, shared among the words it may be:
    // a short reading has dozens of words an edit away ("Il": "I", "ill", "all", "oil"), and each may not
    // claim the whole prior, or together they outweigh every other account of it.
    const others = neighbours(reading, lexicon, channel).filter((w) => w !== lemma);
    const share = Math.log(Math.max(1, others.reduce((sum, w) => sum + Math.exp(rare(w)), 0)));
    for (const w of others) hypotheses.push({ word: w, log: Math.log(VARIANT_PRIOR) + rare(w) - share + Math.log(e) - channelCost(channel, w, reading) });
  }
  const top = Math.max(...hypotheses.map((h) => h.log));
  const sum = hypotheses.reduce((s, h) => s + Math.exp(h.log - top), 0);
  const ranked = hypotheses.map((h) => ({ word: h.word, p: Math.exp(h.log - top) / sum })).sort((a, b) => b.p - a.p);
  const noise = ranked.find((h) => h.word === lemma)!.p;
  const best = ranked[0]!;
  const alternatives = ranked.slice(0, 4).map((h) => ({ word: h.word, p: Number(h.p.toFixed(4)) }));
  if (best.word === lemma || (!isWord && near)) return { verdict: 'ocr', noise, kind: isWord ? 'confusion' : 'nonword', alternatives, suspect: isWord || 1 - noise >= SUSPECT };
  return { verdict: 'variant', noise, kind: 'variant', ...(best.word !== reading ? { believed: [best.word] } : {}), alternatives, suspect: noise >= SUSPECT };
}

/** −log P(OCR reads `word` as `reading` | it read the word wrong): its letters distorted, or marks read over it as a string of their own. */
function misread(channel: Channel, word: string, reading: string): number {
  return -logSum(Math.log(1 - channel.garbage) - channelCost(channel, word, reading), Math.log(channel.garbage) + marks(reading));
}

/** Two hypotheses weighed, the page holding the lemma (P = noise) or the reading, more likely first. */
function twoWay(lemma: string, reading: string, noise: number): NoiseVerdict['alternatives'] {
  return [
    { word: lemma, p: Number(noise.toFixed(4)) },
    { word: reading, p: Number((1 - noise).toFixed(4)) },
  ].sort((a, b) => b.p - a.p);
}

/**
 * A word two models read apart: `reading` (a word, taken) and `alt` (the first model's reading, no word).
 * Which model read the ink right is not known, so P(OCR) is the mean of two judgements: the taken reading
 * judged as if it were the only one, and the first reading judged as the lemma misread or the taken word
 * misread. "heave" and "heve" where the edition has "have" is the lemma misread; "principle" and "principie"
 * against "principal" is the page's "principle" ("principie" is nearer "principle"); "principle" and
 * "principel" is a toss-up, marked suspect. Not their product: the two models' errors on worn typing go
 * together ("end" and "emd" for "and" share the misread "e"), so the readings are not independent witnesses.
 */
function twoReadings(lemma: string, reading: string, alt: string, taken: NoiseVerdict, confidence: number, channel: Channel, frequency: Frequency | undefined): NoiseVerdict {
  const e = errorAt(channel, confidence);
  const asLemma = Math.log(1 - VARIANT_PRIOR) + Math.log(e) - misread(channel, lemma, alt);
  const asTaken = Math.log(VARIANT_PRIOR) + rarity(frequency, lemma)(reading) + Math.log(e) - misread(channel, reading, alt);
  const noise = (taken.noise + 1 / (1 + Math.exp(asTaken - asLemma))) / 2;
  const alternatives = twoWay(lemma, reading, noise);
  return noise > 0.5 ? { verdict: 'ocr', noise, kind: 'confusion', alternatives, suspect: true } : { ...taken, noise, alternatives, suspect: taken.suspect || noise >= SUSPECT };
}

/** Several words judged one by one: OCR error when every one is; otherwise a variant, with the words believed. */
function combine(verdicts: NoiseVerdict[], reading: string[]): NoiseVerdict {
  const noise = verdicts.reduce((p, v) => p * v.noise, 1);
  const alternatives = verdicts.length === 1 ? verdicts[0]!.alternatives : [];
  if (verdicts.every((v) => v.verdict === 'ocr')) return { verdict: 'ocr', noise, kind: verdicts.some((v) => v.kind === 'nonword') ? 'nonword' : 'confusion', alternatives, suspect: verdicts.some((v) => v.suspect) };
  const believed = verdicts.map((v, i) => (v.verdict === 'ocr' ? v.alternatives[0]!.word : (v.believed?.[0] ?? reading[i]!)));
  const changed = believed.some((w, i) => w !== reading[i]);
  return { verdict: 'variant', noise, kind: 'variant', ...(changed ? { believed } : {}), alternatives, suspect: verdicts.some((v) => v.suspect) };
}

/**
 * Words the scan has and the edition has not: OCR making marks into letters, or text the edition left
 * out. Each word weighs how often OCR read a word the alignment could not pair at its confidence against
 * a word the document holds (discounted by ρ and the letters' cost when it is no word of the lexicon).
 */
function added(reading: string[], confidences: number[], channel: Channel, lexicon: Lexicon, nameShare: number): NoiseVerdict {
  let spurious = Math.log(1 - VARIANT_PRIOR);
  let text = Math.log(VARIANT_PRIOR);
  reading.forEach((w, i) => {
    const band = Math.min(channel.inventRate.length - 1, Math.max(0, Math.floor(confidences[i]! / BAND)));
    const e = channel.inventRate[band]!;
    // Marks read as letters spell nothing: a string's chance under that hypothesis is its letters' cost.
    spurious += Math.log(e) + unknownWord(w);
    // A word of the document is one of the dictionary's, each about as likely as the next.
    text += Math.log(1 - e) + (lexicon.has(w) ? -Math.log(WORDS) : Math.log(nameShare) + unknownWord(w));
  });
  const noise = 1 / (1 + Math.exp(text - spurious));
  const alternatives = twoWay('', reading.join(' '), noise);
  return noise > 0.5 ? { verdict: 'ocr', noise, kind: 'spurious', alternatives, suspect: 1 - noise >= SUSPECT } : { verdict: 'variant', noise, kind: 'variant', alternatives, suspect: noise >= SUSPECT };
}

/** What judging needs: the channel learned from the run, the lexicon, the share of names (ρ), and words' frequencies. */
export interface NoiseModel {
  channel: Channel;
  lexicon: Lexicon;
  nameShare: number;
  frequency?: Frequency;
}

/** ρ is held within these bounds: a text of names alone, or of none, says little about the next word. */
const NAME_SHARE = [0.01, 0.5] as const;

/**
 * The model for one run: the dictionary's words and the edition's own make the lexicon; the share of
 * the edition's words the dictionary lacks is ρ; the aligned pairs teach the channel.
 */
export function noiseModel(dictionary: Iterable<string> | WordSet, editionWords: readonly string[], pairs: readonly ReadPair[], unpaired: readonly { confidence: number }[] = [], frequency?: Frequency): NoiseModel {
  const known = lexiconOf(dictionary);
  const words = editionWords.map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => /\p{L}/u.test(w));
  // Each distinct word asked once: a text repeats most of its words.
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  let unknown = 0;
  for (const [w, n] of counts) if (!known.has(w)) unknown += n;
  const nameShare = Math.min(NAME_SHARE[1], Math.max(NAME_SHARE[0], words.length === 0 ? 0 : unknown / words.length));
  const own = lexiconOf(words);
  const lexicon: Lexicon = { has: (w) => known.has(w) || own.has(w) };
  return { channel: learnChannel(pairs, unpaired), lexicon, nameShare, ...(frequency ? { frequency } : {}) };
}
