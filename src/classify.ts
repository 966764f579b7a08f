/**
 * Typing the differences. Each difference is offered to a list of small named rules in order; the first
 * that claims it gives its type and subtype. Reorder, drop or add rules to change the typing. Pure.
 */
import { editDistance } from './metrics.js';
import type { EditionMark, EditionToken, EntryType, ScanToken } from './model.js';

/** A difference before it is typed: the edition's tokens, the scan's, and the editorial marks they touch. */
export interface Difference {
  lemma: readonly EditionToken[];
  reading: readonly ScanToken[];
  marks: readonly EditionMark[];
}

export interface ClassifyRule {
  id: string;
  type: EntryType;
  /** The subtype when the rule claims the difference ('' for none), undefined when it does not. */
  test: (d: Difference) => string | undefined;
}

const PUNCT = /^[^\p{L}\p{N}]+$/u;
const DASH = /^(?:-+|—|–)$/;
/** The letters and digits of tokens, run together. */
export const letters = (tokens: readonly { t: string }[]) => tokens.map((t) => t.t).join('').replace(/[^\p{L}\p{N}]/gu, '');
const words = (tokens: readonly { n: string }[]) => tokens.filter((t) => !PUNCT.test(t.n)).map((t) => t.n);
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const TENS: Record<string, string> = { twenties: '20', thirties: '30', thirtys: '30', forties: '40', fortys: '40', fifties: '50', twentys: '20' };

/** A number however it is written: "one" and "1" → "1"; "nineteen-thirtys" and "1930's" → "1930s". */
function numberOf(text: string): string | undefined {
  const t = text.toLowerCase().replace(/[()'’.,]/g, '');
  if (/^\d+s?$/.test(t)) return t;
  const index = NUMBERS.indexOf(t);
  if (index !== -1) return String(index);
  const decade = /^nineteen-?(\w+)$/.exec(t);
  if (decade && TENS[decade[1]!]) return `19${TENS[decade[1]!]}s`;
  return undefined;
}

/** Shapes a typewriter face and OCR confuse, folded to one form. */
const CONFUSIONS: [RegExp, string][] = [
  [/rn/g, 'm'],
  [/cl/g, 'd'],
  [/vv/g, 'w'],
  [/[1Il|]/g, 'l'],
  [/[0O]/g, 'o'],
  [/[ec]/g, 'c'],
  [/[5S]/g, 's'],
];
const confusable = (text: string) => CONFUSIONS.reduce((s, [from, to]) => s.replace(from, to), text);

/** At or above this confidence, a reading that looks like an OCR confusion is taken as written. */
export const OCR_SURE = 93;

/** Below this OCR confidence a reading is put down to the image, unless a rule before says otherwise. */
export const LOW_CONFIDENCE = 70;

export const DEFAULT_CLASSIFIERS: readonly ClassifyRule[] = [
  {
    id: 'garble-mark',
    type: 'garble',
    // The telegraph office marked a garble "(*)"; the edition usually says "[apparent omission]" there.
    test: (d) => (d.reading.some((t) => t.n === '(*)') ? (d.marks.some((m) => m.kind === 'omission') ? 'omission' : 'unmarked') : undefined),
  },
  {
    id: 'editorial-heading',
    type: 'editorial',
    // FRUS's heading for a part ("Part 5: […]"), when the difference lies within it.
    test: (d) => (d.lemma.length > 0 && d.marks.some((m) => m.kind === 'heading' && m.subkind !== 'document' && d.lemma.every((t) => t.start >= m.start && t.end <= m.end)) ? 'heading' : undefined),
  },
  {
    id: 'editorial-mark',
    type: 'editorial',
    // The edition's bracketed matter: a conjecture "[by?]", a correction "in [is]", supplied text "[13]",
    // an omission note or empty brackets, whatever the scan has in its place.
    test: (d) => {
      if (d.lemma.length === 0) return undefined;
      const mark = d.marks.find((m) => ['conjecture', 'correction', 'supplied', 'omission', 'empty'].includes(m.kind));
      if (!mark || !d.lemma.every((t) => t.start >= mark.start && t.end <= mark.end)) return undefined;
      return mark.kind;
    },
  },
  {
    id: 'case',
    type: 'accidental',
    test: (d) => (d.lemma.length > 0 && letters(d.lemma) !== letters(d.reading) && letters(d.lemma).toLowerCase() === letters(d.reading).toLowerCase() && same(d.lemma.map((t) => t.n), d.reading.map((t) => t.n)) ? 'case' : undefined),
  },
  {
    id: 'dash',
    type: 'accidental',
    test: (d) => (d.lemma.length > 0 && d.reading.length > 0 && [...d.lemma, ...d.reading].every((t) => DASH.test(t.t)) ? 'dash' : undefined),
  },
  {
    id: 'typography',
    type: 'accidental',
    // Curly and straight quotes, the same dash in another form: the same text set differently.
    test: (d) => (d.lemma.length > 0 && same(d.lemma.map((t) => t.n), d.reading.map((t) => t.n)) ? 'typography' : undefined),
  },
  {
    id: 'punctuation',
    type: 'accidental',
    test: (d) => ([...d.lemma, ...d.reading].some((t) => PUNCT.test(t.t)) && same(words(d.lemma), words(d.reading)) ? 'punctuation' : undefined),
  },
  {
    id: 'apostrophe',
    type: 'accidental',
    // "women's" and "womens": only an apostrophe differs, which is punctuation.
    test: (d) => {
      const strip = (tokens: readonly { t: string }[]) => tokens.map((t) => t.t).join(' ').replace(/['’]/g, '').toLowerCase();
      return d.lemma.length > 0 && d.reading.length > 0 && strip(d.lemma) === strip(d.reading) ? 'punctuation' : undefined;
    },
  },
  {
    id: 'hyphenation',
    type: 'accidental',
    // "over-simplification" and "oversimplification", "self confidence" and "self-confidence".
    test: (d) => (d.lemma.length > 0 && d.reading.length > 0 && letters(d.lemma).toLowerCase() === letters(d.reading).toLowerCase() ? 'hyphenation' : undefined),
  },
  {
    id: 'number',
    type: 'accidental',
    test: (d) => {
      const [a, b] = [words(d.lemma), words(d.reading)];
      if (a.length === 0 || b.length === 0) return undefined;
      if (a.length === b.length && a.every((w, i) => numberOf(w) !== undefined && numberOf(w) === numberOf(b[i]!))) return 'number';
      // "1930's" is three tokens, "nineteen-thirtys" one: compare them whole.
      const [x, y] = [numberOf(d.lemma.map((t) => t.t).join('')), numberOf(d.reading.map((t) => t.t).join(''))];
      return x !== undefined && x === y ? 'number' : undefined;
    },
  },
  {
    id: 'editorial-frame',
    type: 'editorial',
    // The document's address, date line or signature as the edition sets them apart (TEI's <opener>,
    // <closer>): a difference within the frame, or across its edge where every word of the message side
    // is still in the reading ("511." moved from the scan's date line into the edition's first paragraph).
    // After the accidental rules: "Kennan" against "KENNAN" stays a case difference.
    test: (d) => {
      const frame = d.marks.find((m) => m.kind === 'frame');
      if (!frame || d.lemma.length === 0) return undefined;
      const outside = d.lemma.filter((t) => t.start < frame.start || t.end > frame.end);
      return outside.every((t) => d.reading.some((r) => r.n === t.n)) ? 'frame' : undefined;
    },
  },
  {
    id: 'ocr-confusion',
    type: 'ocr',
    // Shapes the typewriter and OCR confuse (rn/m, cl/d, l/1, O/0, e/c), read with less than full confidence:
    // a transcription (confidence 100) is never put down to OCR.
    test: (d) => (d.lemma.length > 0 && d.reading.length > 0 && d.reading.some((t) => t.confidence < OCR_SURE) && confusable(d.lemma.map((t) => t.t).join(' ')) === confusable(d.reading.map((t) => t.t).join(' ')) ? 'confusion' : undefined),
  },
  {
    id: 'ocr-low-confidence',
    type: 'ocr',
    test: (d) => (d.reading.some((t) => t.confidence < LOW_CONFIDENCE) ? 'low-confidence' : undefined),
  },
  {
    id: 'spelling',
    type: 'accidental',
    // One word of six letters or more spelled a little differently ("propoganda", "propaganda"). A short
    // word changed ("here", "there") or a plural ("sacrifice", "sacrifices") is another word.
    test: (d) => {
      const [a, b] = [words(d.lemma), words(d.reading)];
      if (a.length !== 1 || b.length !== 1 || a[0]!.length < 6) return undefined;
      const [x, y] = [a[0]!, b[0]!];
      if (x === `${y}s` || y === `${x}s` || x === `${y}es` || y === `${x}es`) return undefined;
      return editDistance(x, y) <= Math.max(1, Math.floor(x.length / 5)) ? 'spelling' : undefined;
    },
  },
  {
    id: 'wording',
    type: 'substantive',
    test: (d) => (d.lemma.length === 0 ? 'addition' : d.reading.length === 0 ? 'omission' : 'change'),
  },
];

export function classify(d: Difference, rules: readonly ClassifyRule[] = DEFAULT_CLASSIFIERS): { type: EntryType; subtype?: string; rule: string } {
  for (const rule of rules) {
    const subtype = rule.test(d);
    if (subtype !== undefined) return { type: rule.type, ...(subtype ? { subtype } : {}), rule: rule.id };
  }
  return { type: 'substantive', rule: 'unclaimed' };
}
