/**
 * Typing the differences. Each difference is offered to a list of small named rules in order; the first
 * that claims it gives its type and subtype. Reorder, drop or add rules to change the typing. Pure.
 */
import { editDistance } from './metrics.js';
import type { EditionMark, EditionToken, EntryType, ScanToken } from './model.js';
import type { NoiseVerdict } from './noise.js';

/** A difference before it is typed: the edition's tokens, the scan's, and the editorial marks they touch. */
export interface Difference {
  lemma: readonly EditionToken[];
  reading: readonly ScanToken[];
  marks: readonly EditionMark[];
  /** The noise model's verdict, when it judged the difference. */
  noise?: NoiseVerdict;
  /**
   * The difference lies before the first stretch of text both witnesses share (`head`), or after the last
   * (`tail`); `end`: no word both share follows it.
   */
  place?: { head: boolean; tail: boolean; end?: boolean };
  /** The scan's text just before and just after the reading, for marks judged by what they touch. */
  around?: { before: string; after: string };
  /** Words the reading lacks may lie hidden on the page, under ink no word was read from (`src/hidden.ts`). */
  hidden?: boolean;
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
/** How many of the tokens are words: hold a letter or a digit. */
export const wordCount = (tokens: readonly { t: string }[]) => tokens.filter((t) => /[\p{L}\p{N}]/u.test(t.t)).length;
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

/** Below this OCR confidence, TEI marks an OCR entry's certainty low rather than medium. */
export const LOW_CONFIDENCE = 70;

/** The parts of a letter's frame, known by their form. */
const FRAME_FORMS: RegExp[] = [
  /^(?:my\s+dear\s+)?sir[:,.]?$/i, // salutation
  /\b(?:respectfully|very\s+truly|sincerely|faithfully)\s+yours\b|\bi\s+have\s+the\s+honou?r\s+to\s+be\b/i, // close
  /\bsecretary\s+of\s+state\b|\bthe\s+honou?rable\b|\bwashington\b|\bdepartment\s+of\s+state\b/i, // address
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s*[ap]\.\s?m\b/i, // date line
  /^for\s+the\s+(?:minister|ambassador|charg[ée]\b.*|secretary\s+of\s+state):?$/i, // signing for
  /\b(?:minister|ambassador|charg[ée]\s+d.affaires|consul(?:\s+general)?|secretary\s+of\s+(?:legation|embassy))\b\.?$/i, // title
];

/** A name as signed: one to four words, each capitalized or in capitals or an initial ("Frederick P. Hibbard", "KENNAN"). */
const SIGNATURE = /^(?:(?:\p{Lu}[\p{L}'’-]+|\p{Lu}\.)[,.]?\s*){1,4}$/u;

/**
 * A frame difference: the edition marks the span as frame, or the difference lies at the head or foot of
 * the letter (before the first text both share, or after the last) and has the form of a frame part.
 */
function isFrame(d: Difference): boolean {
  // The edition's own frame (TEI's <opener>, <closer>) is typed by the rule editorial-frame, after the accidentals.
  if (!d.place || (!d.place.head && !d.place.tail)) return false;
  // Only the case differs ("Kennan", "KENNAN"): the case rule says it more exactly.
  if (d.lemma.length > 0 && letters(d.lemma).toLowerCase() === letters(d.reading).toLowerCase()) return false;
  // A word of the edition's frame misread ("liarsaw" for "Warsaw") is OCR error, not presentation.
  if (d.lemma.length > 0 && d.noise?.verdict === 'ocr') return false;
  const sides = [d.lemma, d.reading].filter((side) => side.length > 0).map((side) => side.map((t) => t.t).join(' ').replace(/\s+([,.:;])/g, '$1'));
  return sides.some((side) => FRAME_FORMS.some((form) => form.test(side)) || (d.place!.tail && d.place!.end === true && SIGNATURE.test(side)));
}

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
    id: 'ocr-speck',
    type: 'ocr',
    // A stop or mark the edition lacks, glued to the front of the next word (".attributable", "of.military")
    // or closing a sentence the next word does not begin ("to. be"): a speck on the scan, which no typist
    // strikes. On 511 every such addition is OCR's; each of the gold's added stops precedes a capital.
    test: (d) => {
      if (d.lemma.length > 0 || d.reading.length !== 1 || !d.around || d.reading[0]!.confidence >= 100 || !/^[.,'`-]$/.test(d.reading[0]!.t)) return undefined;
      const glued = /^\p{L}/u.test(d.around.after);
      const noSentence = d.reading[0]!.t === '.' && /\p{L}$/u.test(d.around.before) && /^\s+\p{Ll}/u.test(d.around.after);
      return glued || noSentence ? 'speck' : undefined;
    },
  },
  {
    id: 'frame',
    type: 'editorial',
    // The letter's frame: address, date line, "Sir:", complimentary close, signature. An edition prints
    // them in its heading or leaves them out: a difference of presentation, not of wording.
    test: (d) => (isFrame(d) ? 'frame' : undefined),
  },
  {
    id: 'ocr-noise',
    type: 'ocr',
    // The noise model holds the page most likely has the lemma: a non-word near it, a common confusion
    // on an unsure word, marks read as words, a stop glued between words.
    test: (d) => (d.noise?.verdict === 'ocr' ? d.noise.kind : undefined),
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
    id: 'ocr-unread',
    type: 'ocr',
    // Words the scan's reading lacks where the page cannot be read: a mark or a stamp over the place they
    // would stand, with room for them. The page may hold them; OCR could not tell. After the frame rules, so
    // an omission in the edition's frame, beside the stripped heading, stays a difference of presentation.
    test: (d) => (d.reading.length === 0 && d.hidden === true && wordCount(d.lemma) > 0 ? 'unread' : undefined),
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
