/**
 * Stripping: separating the message from everything else on a page (the rules are in strip-rules.ts). Pure.
 *
 * Each OCR line is first cut at wide gaps into segments (tesseract often reads the routing column and the
 * body line beside it as one line). Each segment is then tested against an ordered list of named rules;
 * the first that matches classes it and names itself in the output. What no rule claims is body. The
 * catchword rule runs last, across pages, because it needs the head of the next page.
 */
import { joinWords } from './geometry.js';
import { editDistance } from './metrics.js';
import type { BBox, OcrLine, OcrPage, OcrWord, StrippedLine, StrippedPage, StripClass } from './model.js';
import { DEFAULT_RULES, geometry, letters, WIDE_GAP, words, type PageGeometry, type Segment, type StripRule } from './strip-rules.js';

export { DEFAULT_RULES, DEFAULT_TERMS, geometry, lettering, stripRules, type PageGeometry, type Segment, type StripRule, type StripTerms } from './strip-rules.js';

function segmentOf(wordsIn: OcrWord[], line: number): Segment {
  return { line, ...joinWords(wordsIn) };
}

/** Cuts a line wherever two words stand more than `gap` character widths apart. */
export function segments(line: OcrLine, charWidth: number, gap = WIDE_GAP): Segment[] {
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
  const kept = stampBlocks(page, g, routingBlocks(page, g, body, stripped), stripped);
  return { label: page.label, file: page.file, width: page.width, height: page.height, body: kept, stripped, ...(page.unread ? { unread: page.unread } : {}) };
}

/**
 * A block of lines stripped together: lines stripped by a rule (the anchors) draw in the body's lines that
 * `joins` says stand with one of them, and those draw in others in turn, until none is left to join.
 */
function joinBlock(
  page: OcrPage,
  body: Segment[],
  stripped: StrippedLine[],
  block: { anchors: (s: StrippedLine) => boolean; joins: (s: Segment, anchor: StrippedLine) => boolean; class: StripClass; rule: string },
): Segment[] {
  const anchors = stripped.filter(block.anchors);
  let kept = body;
  for (let grew = anchors.length > 0; grew; ) {
    grew = false;
    kept = kept.filter((s) => {
      if (!anchors.some((a) => block.joins(s, a))) return true;
      const line = strippedLine(page, s, block.class, block.rule);
      stripped.push(line);
      anchors.push(line);
      grew = true;
      return false;
    });
  }
  return kept;
}

/**
 * A stamp is a block of lines, of which only some say what it is ("DECLASSIFIED", "E.O. 11652"); its other
 * lines ("Dept. of State letter, Aug. 10, 1972") read like typing. A short line with a date or a number in it,
 * outside the body's span (above its first long line or below its last), that stands under or over a line
 * stripped as a stamp by its wording or ink, across the same columns and at most a line's height away, is
 * stripped with it. A typed signature under a hand's is not: it has no number, and a hand is no anchor.
 */
function stampBlocks(page: OcrPage, g: PageGeometry, body: Segment[], stripped: StrippedLine[]): Segment[] {
  const across = (a: BBox, b: BBox) => Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 * (b[2] - b[0]);
  const near = (a: BBox, b: BBox) => Math.max(a[1], b[1]) - Math.min(a[3], b[3]) <= g.wordHeight * 1.5;
  return joinBlock(page, body, stripped, {
    // Anchored on lines known for a stamp's by their wording or ink, not on a hand's (unlike-typing).
    anchors: (s) => s.rule === 'declassification-stamp' || s.rule === 'coloured-ink',
    joins: (s, a) => (s.bbox[3] <= g.top || s.bbox[1] >= g.bottom) && words(s.text).length <= 8 && /\d/.test(s.text) && across(a.bbox, s.bbox) && near(a.bbox, s.bbox),
    class: 'stamp',
    rule: 'stamp-block',
  });
}

/**
 * A telegram's routing block stands above the message as one column of short lines ("PEN-K-M", "8963",
 * "Moscow", "Dated …", "Rec'd …"), of which only some carry routing words. A short line in the head of the
 * page, left-aligned with a line stripped as routing and at most two lines from it, belongs to the block.
 * A letter's typed address stands there too, but with no routing line beside it, and stays.
 */
function routingBlocks(page: OcrPage, g: PageGeometry, body: Segment[], stripped: StrippedLine[]): Segment[] {
  return joinBlock(page, body, stripped, {
    anchors: (s) => s.class === 'routing' && s.bbox[1] < g.top,
    joins: (s, a) => s.bbox[1] < g.top - g.wordHeight / 2 && words(s.text).length <= 5 && Math.abs(a.bbox[0] - s.bbox[0]) <= 2 * g.charWidth && Math.abs(a.bbox[1] - s.bbox[1]) <= 5 * g.wordHeight,
    class: 'routing',
    rule: 'routing-block',
  });
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9()]/g, '');

/**
 * A catchword is a short last line, set apart below the body, whose words begin the next page's body.
 * Without the next page, its place alone decides: short, set apart below the body, right of centre.
 */
export function isCatchword(last: Segment, previous: Segment | undefined, page: StrippedPage, next: StrippedPage | undefined): boolean {
  if (words(last.text).length > 3) return false;
  const rightOfCentre = last.bbox[0] > page.width * 0.5;
  const head = next?.body[0];
  if (head) {
    // Where the next page begins with its words, being set apart or standing right of centre is enough:
    // typists put the catchword a line and a half below the text (one pitch and a half, on the threshold
    // of "set apart") at the right, where no line of a paragraph starts. Measured on EHRI-DR-19390125-US:
    // three catchwords of ten stand 1.4 pitches below the text, all ten right of centre.
    if (!setApart(last, previous, page) && !rightOfCentre) return false;
    const text = squash(last.text);
    const start = squash(head.text).slice(0, text.length);
    return text.length > 0 && editDistance(text, start) <= Math.max(1, Math.floor(text.length / 5));
  }
  return setApart(last, previous, page) && rightOfCentre;
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
