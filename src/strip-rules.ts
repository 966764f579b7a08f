/**
 * The rules that strip a page, and what they judge by: the page's own geometry (its body column, where its long
 * lines begin and end, the pitch and size of its typing) and a collection's terms (the wording of its forms,
 * stamps and routing). Each rule is small and named; `stripRules` gives them in order, to reorder, drop or add
 * to. Pure.
 */
import { GARBLE_MARK } from './edition.js';
import { editDistance } from './metrics.js';
import type { BodyLine, OcrPage, StripClass } from './model.js';

/** Where the body column lies, how its typing looks, and the page's size, learned from the page itself. */
export interface PageGeometry {
  width: number;
  height: number;
  /** Left edge of the body column: the most common left edge of long lines. */
  left: number;
  /** Right edge of the body column: where nine long lines in ten end, or the page's width when unknown. */
  right: number;
  /** Top of the body: where the first long line of typing begins; the page's height when it has none. */
  top: number;
  /** Foot of the body: where the last long line of typing ends; 0 when it has none. */
  bottom: number;
  /** Median character width, for measuring gaps: the typewriter's pitch. */
  charWidth: number;
  /** Median height of the words read surely: the size of the typing. */
  wordHeight: number;
  /** Whether the page has enough long lines (COLUMN_LINES) for its column to be known. */
  column: boolean;
}

/** A line, or the part of a line between wide gaps; `line` is the OCR line it was cut from. */
export type Segment = BodyLine;

export interface StripRule {
  id: string;
  class: StripClass;
  test: (segment: Segment, page: PageGeometry) => boolean;
}

/**
 * The words of a collection's forms and stamps: regular expressions (case is ignored), or plain words.
 * They are configuration (`strip` in collate.config.json), not code: another archive's stamps say other
 * things. The defaults are those of the State Department's telegrams and despatches of the 1940s.
 */
export interface StripTerms {
  /** Titles of printed forms, matched loosely (three letters may differ), at the head of a page. */
  forms: string[];
  /** Security classifications, matched loosely when set apart in the margin. */
  classifications: string[];
  /** Wording of received and declassification stamps. */
  stamps: string[];
  /** Wording of a telegraph office's routing block. */
  routing: string[];
  /**
   * Words of the filing references typed below a despatch's last line: file numbers, drafter's and typist's
   * initials. Matched word by word, with case.
   */
  references: string[];
}

export const DEFAULT_TERMS: StripTerms = {
  forms: ['DEPARTMENT OF STATE', 'INCOMING TELEGRAM', 'INCOMING TELEGRAMS'],
  classifications: ['SECRET', 'TOP SECRET', 'CONFIDENTIAL', 'RESTRICTED'],
  stamps: [
    String.raw`DECLASS`,
    String.raw`E\.?\s?O\.?\s?\d{4,5}`,
    String.raw`\b1165\d`,
    String.raw`State\s+(letter|Inform)`,
    String.raw`\bNARS\b`,
    String.raw`\bDate\s+\d`,
    String.raw`\bSec\.\s?\d`,
    String.raw`\bOriginal Date\b`,
    String.raw`\bRECEIVED\b`,
    String.raw`\bDIVISION OF\b`,
    // A received stamp's date, "MAR 20 1939": the month cut to three letters and no comma, unlike a typed date.
    String.raw`\b(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\.?\s+\d{1,2}\s+19\d\d\b`,
  ],
  routing: [String.raw`^(ACTION|INFO)\b`, 'paraphrase', String.raw`^Dated\b`, String.raw`^Rec'?d\b`, String.raw`^Received\b`, String.raw`\bvia War\b`, 'CORRECTED PAGE'],
  references: [String.raw`^\d{3}(\.\d{1,4})*[.,]?$`, String.raw`^[A-Z]{2,4}([:/][A-Za-z]{2,4})+[.,]?$`, String.raw`^[a-z]\.$`],
};

export const letters = (text: string) => text.replace(/[^A-Za-z]/g, '');
export const words = (text: string) => text.split(/\s+/).filter(Boolean);

const near = (text: string, target: string, tolerance: number) => editDistance(text.toUpperCase(), target) <= tolerance;
const anyOf = (terms: readonly string[]) => (terms.length === 0 ? /(?!)/ : new RegExp(terms.map((t) => `(?:${t})`).join('|'), 'i'));
const CONTINUATION = /^[-–—~.\s]*\d{1,3}\s*(?:½|1\/2|¹\/₂)?[-–—~.\s]*#\s*\d{2,5}\b/;
/** A page number typed alone: "- 2 -", "-3-", "4.", "(5)". */
const PAGE_NUMBER = /^[-–—~(.\s]*\d{1,3}[-–—~).\s]*$/;

/** The share of a segment's ink that is coloured, weighted by word width. */
function colourOf(segment: Segment): number {
  let width = 0;
  let coloured = 0;
  for (const word of segment.words) {
    const w = word.bbox[2] - word.bbox[0];
    width += w;
    coloured += w * (word.colour ?? 0);
  }
  return width === 0 ? 0 : coloured / width;
}

const centred = (s: Segment, g: PageGeometry) => Math.abs((s.bbox[0] + s.bbox[2]) / 2 - g.width / 2) < g.width * 0.12;
/** The top and bottom margins: above the typing's first line on a continuation page, below its last. */
const inMargin = (s: Segment, g: PageGeometry) => s.bbox[1] < g.height * 0.07 || s.bbox[3] > g.height * 0.9;
/** Above the body's first long line: where forms, letterheads and routing blocks stand. */
const inHead = (s: Segment, g: PageGeometry) => s.bbox[1] < g.top - g.wordHeight / 2;

/**
 * Lettering unlike the page's typing. A typewriter strikes every letter at one pitch and one size, so a
 * word's width is its length times the pitch, and its height that of the rest of the typing. Stamps,
 * printed letterheads and handwriting break both. The measure is over words of four characters or more
 * (a short word's box is mostly the blank either side of a narrow letter).
 */
export function lettering(s: Segment, g: PageGeometry): { pitch: number; size: number } {
  const long = s.words.filter((w) => w.text.length >= 4);
  const chars = long.reduce((n, w) => n + w.text.length, 0);
  const width = long.reduce((n, w) => n + w.bbox[2] - w.bbox[0], 0);
  const heights = s.words.map((w) => w.bbox[3] - w.bbox[1]).sort((a, b) => a - b);
  return { pitch: chars === 0 ? 1 : width / chars / g.charWidth, size: (heights[Math.floor(heights.length / 2)] ?? g.wordHeight) / g.wordHeight };
}

/**
 * How far lettering may stray from the typing's pitch and size and still be typing. Typed lines on the 27
 * real pages of ../shared/real/ehri stay within them except where stray ink stretches a box; stamps'
 * lettering read sideways, handwriting and letterpress fall outside (BENCHMARKS.md, "Real scans").
 */
const PITCH = [0.6, 1.6] as const;
const SIZE = [0.55, 1.8] as const;
/** The pitch of typing, within which a line in the head of a page is taken for typed, not printed. */
const LETTERPRESS = [0.8, 1.25] as const;
/**
 * A line read unsurely is nonsense when fewer than one word in NONSENSE_KNOWN is a dictionary word and half
 * its words are scraps (no two letters or digits together). On the 27 real EHRI pages this takes six lines of
 * rotated stamps and scrawl and no typed line; on 511's and 878's facsimiles, none.
 */
const NONSENSE_KNOWN = 3;
/** tesseract's confidence under which a word or two alone on a line are taken for a speck's reading. */
const NO_CONFIDENCE = 25;
/** tesseract's confidence under which a reading of unlike lettering is taken for a stamp's or a hand's. */
const UNSURE = 70;
const unlike = (s: Segment, g: PageGeometry) => {
  const { pitch, size } = lettering(s, g);
  return pitch < PITCH[0] || pitch > PITCH[1] || size < SIZE[0] || size > SIZE[1];
};
/**
 * Typed in the body's own hand: four words or more, most of them in lower case (a stamp's wording is in
 * capitals), read surely, at the typing's pitch and size.
 */
const typedProse = (s: Segment, g: PageGeometry) => {
  const all = words(s.text);
  return all.length >= 4 && all.filter((w) => /\p{Ll}/u.test(w)).length * 2 > all.length && s.confidence >= 80 && !unlike(s, g);
};

/** An office code: capitals and digits, in groups of three letters at most ("PEN-K-M", "8963", "A-B"). */
const isCode = (word: string) => /^[A-Z0-9]+(?:[-/.:][A-Z0-9]+)*[.,]?$/.test(word) && !/[A-Z]{4}/.test(word);

/** What the rules may know beyond the page and the terms. */
export interface RuleContext {
  /** Whether the dictionary knows a word (`englishLexicon`); without it, no line is kept for its words. */
  isWord?: (word: string) => boolean;
}

/** A word of three letters or more, with nothing but a mark of punctuation about it: "decision.", "Washington.". */
const WORD_SHAPE = /^[("'\u2018\u201c]?\p{L}{3,}[.,;:)"'\u2019\u201d]?$/u;

/**
 * Words typed, however unsurely read: every word a dictionary word of three letters or more, at the typing's
 * pitch and size. tesseract gives a word alone on its line a confidence near 0 at times, and a speck or a
 * smudge is not read as "decision." in the typing's own lettering.
 */
const typedWords = (s: Segment, g: PageGeometry, isWord: RuleContext['isWord']) => {
  const all = words(s.text);
  return isWord !== undefined && all.length > 0 && all.every((w) => WORD_SHAPE.test(w) && isWord(w)) && !unlike(s, g);
};

/** The rules for a collection's terms, in the order they are tried. Reorder, remove or add to change what is stripped. */
export function stripRules(terms: StripTerms = DEFAULT_TERMS, context: RuleContext = {}): StripRule[] {
  const forms = terms.forms.map((f) => letters(f).toUpperCase());
  const classifications = terms.classifications.map((c) => letters(c).toUpperCase());
  const stamps = anyOf(terms.stamps);
  const references = terms.references.map((t) => new RegExp(t));
  const routing = anyOf(terms.routing);
  return [
    {
      id: 'form-header',
      class: 'form-header',
      // The printed form's title, at the head of the first page.
      test: (s, g) => s.bbox[1] < g.height * 0.15 && forms.some((form) => near(letters(s.text), form, 3)),
    },
    {
      id: 'continuation-header',
      class: 'continuation-header',
      // "-7- #511, February 22, 9 p.m. from Moscow via War": page number and telegram number, at the head.
      test: (s, g) => s.bbox[1] < g.height * 0.25 && (CONTINUATION.test(s.text) || /#\s*\d{2,5},.*\bfrom\b/i.test(s.text)),
    },
    {
      id: 'letterhead',
      class: 'form-header',
      // Printed matter above the message: a letterhead's lines, set in type of another pitch than the
      // typewriter's. Typed lines there (the date, the file number, the address) keep the typing's pitch.
      // A single word counts where its lettering is far from typing's: a letterhead's name in spaced capitals.
      test: (s, g) => {
        const long = s.words.filter((w) => w.text.length >= 4).length;
        if (!inHead(s, g) || long === 0) return false;
        const { pitch } = lettering(s, g);
        return long >= 2 ? pitch < LETTERPRESS[0] || pitch > LETTERPRESS[1] : pitch < PITCH[0] || pitch > PITCH[1];
      },
    },
    {
      id: 'page-number',
      class: 'page-number',
      // "- 2 -" alone at the head or foot of a page, outside the body.
      test: (s, g) => PAGE_NUMBER.test(s.text) && /\d/.test(s.text) && (s.bbox[3] <= g.top + g.wordHeight / 2 || inMargin(s, g)),
    },
    {
      id: 'classification-mark',
      class: 'classification',
      // "SECRET" and its kin; struck through, OCR reads them loosely ("SEEREE-"), so centred marks in the
      // top or bottom margin may differ by three letters.
      test: (s, g) => {
        if (words(s.text).length > 3) return false;
        const text = letters(s.text).toUpperCase();
        return classifications.some((mark) => near(text, mark, 1) || (centred(s, g) && inMargin(s, g) && text.length >= 3 && near(text, mark, 3)));
      },
    },
    {
      id: 'coloured-ink',
      class: 'stamp',
      // The ink is light and coloured: a rubber stamp, whatever OCR made of its words.
      test: (s) => colourOf(s) >= 0.4 && /[\p{L}\p{N}]{2}/u.test(s.text),
    },
    {
      id: 'noise',
      class: 'noise',
      // Specks and smudges read as marks: no letter or digit at all, a letter or two read with little
      // confidence, or a word or two read with none, unless they are words typed. Garble marks "(*)" are text.
      test: (s, g) => {
        if (GARBLE_MARK.test(s.text)) return false;
        const alnum = s.text.replace(/[^\p{L}\p{N}]/gu, '').length;
        return alnum === 0 || (alnum <= 2 && s.confidence < 60) || (s.confidence < NO_CONFIDENCE && s.words.length <= 2 && !typedWords(s, g, context.isWord));
      },
    },
    {
      id: 'nonsense',
      class: 'noise',
      // A stamp's lettering read sideways, a hand's scrawl, a seal: read unsurely, as marks and scraps more
      // than words ("Ws T= Oo= =", "[3 - . bal"). Typing read badly still reads as words, mostly.
      test: (s) => {
        if (context.isWord === undefined || s.confidence >= UNSURE || GARBLE_MARK.test(s.text)) return false;
        const all = words(s.text);
        const known = all.filter((w) => context.isWord!(w)).length;
        const scraps = all.filter((w) => !/\p{L}{2}|\p{N}{2}/u.test(w)).length;
        return all.length >= 2 && known * NONSENSE_KNOWN < all.length && scraps * 2 >= all.length;
      },
    },
    {
      id: 'declassification-stamp',
      class: 'stamp',
      // A stamp's wording, where the line is not the body's own typed prose: a sentence of the message that
      // says "Received" or "State letter" stays.
      test: (s, g) => stamps.test(s.text) && (inHead(s, g) || !typedProse(s, g)),
    },
    {
      id: 'routing-terms',
      class: 'routing',
      // The routing block's wording, above the message.
      test: (s, g) => inHead(s, g) && words(s.text).length <= 8 && routing.test(s.text),
    },
    {
      id: 'routing-column',
      class: 'routing',
      // Office symbols down the left margin, beside the head of the message, wholly left of the body column.
      test: (s, g) => s.bbox[2] < g.left - g.charWidth && s.bbox[3] < g.height * 0.5 && words(s.text).length <= 2,
    },
    {
      id: 'header-block',
      class: 'routing',
      // Typed fields of the form to the right of the header, above the message: serial numbers and operator
      // codes ("8963", "PEN-K-M"), never words; a letter's typed address and date stand there too, and stay.
      test: (s, g) => inHead(s, g) && s.bbox[0] > g.width * 0.5 && words(s.text).length <= 5 && words(s.text).every(isCode),
    },
    {
      id: 'outside-column',
      class: 'marginalia',
      // Wholly in the left or right margin, beside the body column: file numbers stamped in the margin,
      // initials, a stamp's lettering read sideways. Typing never stands there.
      test: (s, g) => g.column && (s.bbox[2] < g.left - 2 * g.charWidth || s.bbox[0] > g.right + 2 * g.charWidth),
    },
    {
      id: 'unlike-typing',
      class: 'stamp',
      // Lettering of another pitch or size than the typing, read unsurely: a stamp's or a hand's.
      test: (s, g) => s.confidence < UNSURE && unlike(s, g),
    },
    {
      id: 'file-reference',
      class: 'routing',
      // Below the message's last line, at the left: the file number and the drafter's and typist's initials
      // ("840.1", "891", "FPH/CKH:EMS"), every word of them a reference.
      test: (s, g) => s.bbox[1] > g.bottom + g.wordHeight && s.bbox[0] < g.width / 2 && words(s.text).length <= 2 && words(s.text).every((w) => references.some((r) => r.test(w))),
    },
    {
      id: 'margin-note',
      class: 'marginalia',
      // Short notes in the top or bottom margin, outside the column: initials, file marks. A short typed line
      // at the foot, right of centre, is left to the catchword rules.
      test: (s, g) => inMargin(s, g) && words(s.text).length <= 3 && (s.bbox[0] < g.left - g.charWidth || (s.bbox[1] > g.height * 0.93 && s.bbox[0] < g.width / 2) || s.confidence < 60),
    },
  ];
}

/** The default rules, in the order they are tried. */
export const DEFAULT_RULES: readonly StripRule[] = stripRules();

/** Long lines: wider than this share of the page. The body's lines are; headers, stamps and notes are not. */
const LONG_LINE = 0.45;
/** With fewer long lines than this the page's column is not known, and nothing is judged by it. */
const COLUMN_LINES = 3;

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Words further apart than this many character widths are not one run of typing (as `segments` cuts lines). */
export const WIDE_GAP = 4;

/** The box of a line's widest run of words with no gap wider than WIDE_GAP characters in it. */
function widestRun(line: OcrPage['lines'][number], charWidth: number): OcrPage['lines'][number]['bbox'] {
  let best = line.bbox;
  let run: [number, number, number, number] | undefined;
  let widest = -1;
  for (const word of line.words) {
    if (run && word.bbox[0] - run[2] <= WIDE_GAP * charWidth) run = [run[0], Math.min(run[1], word.bbox[1]), word.bbox[2], Math.max(run[3], word.bbox[3])];
    else run = [...word.bbox];
    if (run[2] - run[0] > widest) [widest, best] = [run[2] - run[0], run];
  }
  return best;
}

/** The geometry of a page: its body column is where long lines start and end. */
export function geometry(page: OcrPage): PageGeometry {
  const allWords = page.lines.flatMap((line) => line.words);
  const charWidth = median(allWords.filter((w) => w.text.length >= 3).map((w) => (w.bbox[2] - w.bbox[0]) / w.text.length)) ?? page.width / 100;
  const sure = allWords.filter((w) => w.confidence >= 80 && letters(w.text).length >= 3);
  const wordHeight = median(sure.map((w) => w.bbox[3] - w.bbox[1])) ?? median(allWords.map((w) => w.bbox[3] - w.bbox[1])) ?? page.height / 50;
  // A line is long by its widest run of words, not by its box: a printed letterhead's line and the date
  // typed far to its right are read as one line, and that line is no line of the body.
  const long = page.lines.map((line) => ({ confidence: line.confidence, bbox: widestRun(line, charWidth) })).filter((line) => line.bbox[2] - line.bbox[0] > page.width * LONG_LINE && line.confidence >= 60);
  const starts = long.map((line) => line.bbox[0]);
  const bucket = charWidth * 2;
  const counts = new Map<number, number>();
  for (const x of starts) counts.set(Math.round(x / bucket), (counts.get(Math.round(x / bucket)) ?? 0) + 1);
  const mode = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  const left = mode === undefined ? page.width * 0.15 : Math.min(...starts.filter((x) => Math.round(x / bucket) === mode));
  const ends = long.map((line) => line.bbox[2]).sort((a, b) => a - b);
  const right = ends.length === 0 ? page.width : ends[Math.floor(ends.length * 0.9)]!;
  const top = Math.min(page.height, ...long.map((line) => line.bbox[1]));
  const bottom = Math.max(0, ...long.map((line) => line.bbox[3]));
  return { width: page.width, height: page.height, left, right, top, bottom, charWidth, wordHeight, column: long.length >= COLUMN_LINES };
}
