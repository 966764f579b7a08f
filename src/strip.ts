/**
 * Stripping: separating the message from everything else on a telegram page. Pure.
 *
 * Each OCR line is first cut at wide gaps into segments (tesseract often reads the routing column and the
 * body line beside it as one line). Each segment is then tested against an ordered list of named rules;
 * the first that matches classes it and names itself in the output. What no rule claims is body. The
 * catchword rule runs last, across pages, because it needs the head of the next page.
 */
import { GARBLE_MARK } from './edition.js';
import { joinWords } from './geometry.js';
import { editDistance } from './metrics.js';
import type { BodyLine, OcrLine, OcrPage, OcrWord, StrippedLine, StrippedPage, StripClass } from './model.js';

/** Where the body column lies, and the page's size, learned from the page itself. */
export interface PageGeometry {
  width: number;
  height: number;
  /** Left edge of the body column: the most common left edge of long lines. */
  left: number;
  /** Median character width, for measuring gaps. */
  charWidth: number;
}

/** A line, or the part of a line between wide gaps; `line` is the OCR line it was cut from. */
export type Segment = BodyLine;

export interface StripRule {
  id: string;
  class: StripClass;
  test: (segment: Segment, page: PageGeometry) => boolean;
}

const letters = (text: string) => text.replace(/[^A-Za-z]/g, '');
const words = (text: string) => text.split(/\s+/).filter(Boolean);

const near = (text: string, target: string, tolerance: number) => editDistance(text.toUpperCase(), target) <= tolerance;

const CLASSIFICATIONS = ['SECRET', 'TOPSECRET', 'CONFIDENTIAL', 'RESTRICTED'];
const STAMP_TERMS = /DECLASS|E\.?\s?O\.?\s?\d{4,5}|\b1165\d|State\s+(letter|Inform)|\bNARS\b|\bDate\s+\d|\bSec\.\s?\d|\bOriginal Date\b/i;
const ROUTING_TERMS = /^(ACTION|INFO)\b|paraphrase|^Dated\b|^Rec'?d\b|^Received\b|\bvia War\b|CORRECTED PAGE/i;
const CONTINUATION = /^[-–—~.\s]*\d{1,3}\s*(?:½|1\/2|¹\/₂)?[-–—~.\s]*#\s*\d{2,5}\b/;
const FORM = ['DEPARTMENTOFSTATE', 'INCOMINGTELEGRAM', 'INCOMINGTELEGRAMS'];

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
const inMargin = (s: Segment, g: PageGeometry) => s.bbox[1] < g.height * 0.07 || s.bbox[3] > g.height * 0.9;

/** The default rules, in the order they are tried. Reorder, remove or add to change what is stripped. */
export const DEFAULT_RULES: readonly StripRule[] = [
  {
    id: 'form-header',
    class: 'form-header',
    // The printed form's title, at the head of the first page.
    test: (s, g) => s.bbox[1] < g.height * 0.15 && FORM.some((form) => near(letters(s.text), form, 3)),
  },
  {
    id: 'continuation-header',
    class: 'continuation-header',
    // "-7- #511, February 22, 9 p.m. from Moscow via War": page number and telegram number, at the head.
    test: (s, g) => s.bbox[1] < g.height * 0.25 && (CONTINUATION.test(s.text) || /#\s*\d{2,5},.*\bfrom\b/i.test(s.text)),
  },
  {
    id: 'classification-mark',
    class: 'classification',
    // "SECRET" and its kin; struck through, OCR reads them loosely ("SEEREE-"), so centred marks in the
    // top or bottom margin may differ by three letters.
    test: (s, g) => {
      if (words(s.text).length > 3) return false;
      const text = letters(s.text);
      return CLASSIFICATIONS.some((mark) => near(text, mark, 1) || (centred(s, g) && inMargin(s, g) && text.length >= 3 && near(text, mark, 3)));
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
    // confidence, or nothing read with any confidence. Garble marks "(*)" are text.
    test: (s) => {
      if (GARBLE_MARK.test(s.text)) return false;
      const alnum = s.text.replace(/[^\p{L}\p{N}]/gu, '').length;
      return alnum === 0 || (alnum <= 2 && s.confidence < 60) || (s.confidence < 25 && s.words.length <= 2);
    },
  },
  {
    id: 'declassification-stamp',
    class: 'stamp',
    test: (s) => STAMP_TERMS.test(s.text),
  },
  {
    id: 'routing-terms',
    class: 'routing',
    test: (s, g) => s.bbox[1] < g.height * 0.3 && ROUTING_TERMS.test(s.text),
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
    // Typed fields of the form to the right of the header: serial numbers, operator codes.
    test: (s, g) => s.bbox[1] < g.height * 0.25 && s.bbox[0] > g.width * 0.5 && words(s.text).length <= 5 && !/[a-z]{4,}\s+[a-z]{3,}/.test(s.text),
  },
  {
    id: 'margin-note',
    class: 'marginalia',
    // Short notes in the top or bottom margin, outside the column: initials, file marks.
    test: (s, g) => inMargin(s, g) && words(s.text).length <= 3 && (s.bbox[0] < g.left - g.charWidth || s.bbox[1] > g.height * 0.93 || s.confidence < 60),
  },
];

/** The geometry of a page: its body column is where long lines start. */
export function geometry(page: OcrPage): PageGeometry {
  const allWords = page.lines.flatMap((line) => line.words);
  const widths = allWords.filter((w) => w.text.length >= 3).map((w) => (w.bbox[2] - w.bbox[0]) / w.text.length).sort((a, b) => a - b);
  const charWidth = widths[Math.floor(widths.length / 2)] ?? page.width / 100;
  const starts = page.lines.filter((line) => line.bbox[2] - line.bbox[0] > page.width * 0.45).map((line) => line.bbox[0]);
  const bucket = charWidth * 2;
  const counts = new Map<number, number>();
  for (const x of starts) counts.set(Math.round(x / bucket), (counts.get(Math.round(x / bucket)) ?? 0) + 1);
  const mode = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  const left = mode === undefined ? page.width * 0.15 : Math.min(...starts.filter((x) => Math.round(x / bucket) === mode));
  return { width: page.width, height: page.height, left, charWidth };
}

function segmentOf(wordsIn: OcrWord[], line: number): Segment {
  return { line, ...joinWords(wordsIn) };
}

/** Cuts a line wherever two words stand more than `gap` character widths apart. */
export function segments(line: OcrLine, charWidth: number, gap = 4): Segment[] {
  const out: OcrWord[][] = [];
  for (const word of line.words) {
    const current = out.at(-1);
    const previous = current?.at(-1);
    const sameInk = (word.colour ?? 0) >= 0.4 === (previous?.colour ?? 0) >= 0.4;
    if (current && previous && sameInk && word.bbox[0] - previous.bbox[2] <= gap * charWidth) current.push(word);
    else out.push([word]);
  }
  return out.map((group) => segmentOf(group, line.index));
}

const strippedLine = (page: OcrPage, segment: Segment, cls: StripClass, rule: string): StrippedLine => ({
  page: page.label,
  file: page.file,
  line: segment.line,
  text: segment.text,
  class: cls,
  rule,
  bbox: segment.bbox,
  confidence: segment.confidence,
});

/** Classes every segment of one page; catchwords are left for `stripDocument`. */
export function stripPage(page: OcrPage, rules: readonly StripRule[] = DEFAULT_RULES): StrippedPage {
  const g = geometry(page);
  const body: Segment[] = [];
  const stripped: StrippedLine[] = [];
  for (const line of page.lines) {
    for (const segment of segments(line, g.charWidth)) {
      const rule = rules.find((r) => r.test(segment, g));
      if (rule) stripped.push(strippedLine(page, segment, rule.class, rule.id));
      else body.push(segment);
    }
  }
  return { label: page.label, file: page.file, width: page.width, height: page.height, body, stripped };
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9()]/g, '');

/**
 * A catchword is a short last line, set apart below the body, whose words begin the next page's body.
 * Without the next page, its place alone decides: short, set apart below the body, right of centre.
 */
export function isCatchword(last: Segment, previous: Segment | undefined, page: StrippedPage, next: StrippedPage | undefined): boolean {
  if (words(last.text).length > 3 || !setApart(last, previous, page)) return false;
  const head = next?.body[0];
  if (head) {
    const text = squash(last.text);
    const start = squash(head.text).slice(0, text.length);
    return text.length > 0 && editDistance(text, start) <= Math.max(1, Math.floor(text.length / 5));
  }
  return last.bbox[0] > page.width * 0.5;
}

/** The distance from one body line's top to the next above the page's last line: its line pitch (the median). */
function pitch(page: StrippedPage): number | undefined {
  const lines = page.body.slice(0, -1);
  const steps = lines
    .slice(1)
    .map((line, i) => line.bbox[1] - lines[i]!.bbox[1])
    .filter((step) => step > 0)
    .sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)];
}

/** A line standing below the text with a blank line or more above it. */
function setApart(last: Segment, previous: Segment | undefined, page: StrippedPage): boolean {
  if (previous === undefined) return true;
  const step = pitch(page) ?? (previous.bbox[3] - previous.bbox[1]) * 1.25;
  return last.bbox[1] - previous.bbox[1] > step * 1.5;
}

/** The sender's name closing the message: one capitalised word, set apart, right of centre. */
export function isSignature(last: Segment, previous: Segment | undefined, page: StrippedPage): boolean {
  return setApart(last, previous, page) && /^[A-Z]{3,}\.?$/.test(last.text) && last.bbox[0] > page.width * 0.5;
}

/**
 * Fewer letters than this in a page's body, once stripped, and the page is blank: a white or near-white
 * sheet whose specks the noise rule did not claim. The shortest body that continues a text, a catchword's
 * line or a signature such as "KENNAN", has more.
 */
const BLANK_PAGE_LETTERS = 3;

const isBlank = (page: StrippedPage) => letters(page.body.map((line) => line.text).join('')).length < BLANK_PAGE_LETTERS;

/**
 * Strips every page, then looks at the foot of each: a signature closes the message; a catchword is
 * dropped, keeping the copy at the head of the next page that continues the text.
 */
export function stripDocument(pages: readonly OcrPage[], rules: readonly StripRule[] = DEFAULT_RULES): StrippedPage[] {
  const stripped = pages.map((page) => stripPage(page, rules));
  // The next page continues this one only if it is the next in the document, not just in a --pages selection.
  const follows = (i: number) => pages[i + 1] !== undefined && (pages[i]!.position === undefined || pages[i + 1]!.position === pages[i]!.position + 1);
  /** The page the text goes on to: blank pages between are passed over, and a blank page at the end is no next page. */
  const nextOf = (i: number): StrippedPage | undefined => {
    let j = i;
    while (follows(j) && isBlank(stripped[j + 1]!)) j++;
    return follows(j) ? stripped[j + 1] : undefined;
  };
  return stripped.map((page, i) => {
    const last = page.body.at(-1);
    const previous = page.body.at(-2);
    const next = nextOf(i);
    if (!last) return page;
    const drop = (cls: StripClass, rule: string) => ({ ...page, body: page.body.slice(0, -1), stripped: [...page.stripped, strippedLine(pages[i]!, last, cls, rule)] });
    if (next) return isCatchword(last, previous, page, next) ? drop('catchword', 'catchword-repeated') : page;
    // No page follows: a signature closes the message there, and a catchword is known by its place alone.
    if (isSignature(last, previous, page)) return drop('signature', 'signature');
    return isCatchword(last, previous, page, undefined) ? drop('catchword', 'catchword-position') : page;
  });
}
