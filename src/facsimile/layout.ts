/**
 * Facsimile layout: where each line of a truth page goes on a 1946 incoming-telegram sheet.
 * Pure: a page and a random source in, positioned elements out. Painting is `paint.ts`'s job.
 *
 * Geometry is US letter at 300 dpi. The typewriter is elite pitch (12 characters an inch, 25 px),
 * six lines an inch (50 px), with the body at 1.5 inches from the left edge, beside the routing column.
 */
import type { RegionClass, TruthLine, TruthPage } from '../model.js';
import type { Rng } from './random.js';

export const PAGE_WIDTH = 2550;
export const PAGE_HEIGHT = 3300;
export const TYPE_SIZE_PT = 10;
export const ADVANCE = 25;
export const LINE_PITCH = 50;
export const BODY_X = 450;
export const BODY_COLUMNS = 72;
export const BODY_RIGHT = BODY_X + BODY_COLUMNS * ADVANCE;
const BODY_BOTTOM = 2960;
const MIN_PITCH = 40;
export const PARAGRAPH_INDENT = 5;

export type Rgb = readonly [number, number, number];

/** A run of typewritten characters on one baseline. */
export interface TypedRun {
  kind: 'typed';
  line: number;
  class: RegionClass;
  x: number;
  baseline: number;
  text: string;
  struck: boolean;
  /** How hard the ribbon struck on this run: 1 is a fresh ribbon. */
  ink: number;
  /** Amplitude in px of the slow vertical wander of the platen along the run. */
  wobble: number;
}

/** Printed matter of the telegram form, centred on `cx`. */
export interface PrintedRun {
  kind: 'printed';
  line: number;
  class: RegionClass;
  cx: number;
  top: number;
  text: string;
  sizePt: number;
}

/** Handwriting: initials, pencilled notes. */
export interface HandRun {
  kind: 'hand';
  line: number;
  class: RegionClass;
  x: number;
  top: number;
  text: string;
  sizePt: number;
  angle: number;
  color: Rgb;
}

/** A rubber stamp, its lines centred in a box, an oval or no frame, rotated by `angle` degrees about its centre. */
export interface Stamp {
  /** The stamp's frame; a box when absent. */
  frame?: 'box' | 'oval' | 'none';
  kind: 'stamp';
  lines: number[];
  class: RegionClass;
  texts: string[];
  cx: number;
  cy: number;
  angle: number;
  color: Rgb;
  sizePt: number;
}

export type Element = TypedRun | PrintedRun | HandRun | Stamp;

export interface PageLayout {
  width: number;
  height: number;
  label: string;
  /** Degrees the sheet is turned on the scanner glass; positive is clockwise. */
  skew: number;
  elements: Element[];
}

export interface LayoutOptions {
  /** The page's first body line continues a paragraph from the page before, so it is not indented. */
  continuesParagraph: boolean;
  /** Pixels by which the form, routing, classification and continuation header are set lower. */
  headerDrop?: number;
  /** Routing lines other than the office column go at the right end of the continuation header's line. */
  routingOnHeader?: boolean;
  /** One ink for every stamp, in place of the coloured inks. */
  stampInk?: Rgb;
}

const STAMP_INKS: readonly Rgb[] = [
  [104, 58, 150], // violet
  [46, 72, 160], // blue
  [150, 48, 88], // red-violet
];
const PENCIL: Rgb = [52, 58, 92];
/** Black stamp-pad ink, as the State Department's received stamps were struck. */
export const BLACK_INK: Rgb = [34, 34, 38];

/** Greedy word wrap to `columns` characters, the first line shortened by `indent`. */
export function wrap(text: string, columns: number, indent = 0): string[] {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const lines: string[] = [];
  let current = '';
  let width = columns - indent;
  for (const word of words) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
      width = columns;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** The stamp's ink: drawn from the coloured inks either way, so a page's other random choices stay the same. */
export const pickInk = (rng: Rng, fixed?: Rgb): Rgb => {
  const colour = rng.pick(STAMP_INKS);
  return fixed ?? colour;
};

const isActionOrInfo = (line: TruthLine) => /^(ACTION|INFO)\b/i.test(line.text);

export function layoutPage(page: TruthPage, options: LayoutOptions, rng: Rng): PageLayout {
  const elements: Element[] = [];
  const drop = options.headerDrop ?? 0;
  const indexed = page.lines.map((line, index) => ({ line, index }));
  const of = (cls: RegionClass) => indexed.filter(({ line }) => line.class === cls);
  const typed = (index: number, line: TruthLine, x: number, baseline: number): TypedRun => ({
    kind: 'typed',
    line: index,
    class: line.class,
    x: Math.round(x),
    baseline: Math.round(baseline),
    text: line.text,
    struck: line.struck === true,
    ink: Math.min(1, Math.max(0.7, rng.normal(0.93, 0.04))),
    wobble: rng.range(0, 1.6),
  });

  // The printed form, centred at the head of the sheet.
  of('form-header').forEach(({ line, index }, k) => {
    elements.push({ kind: 'printed', line: index, class: line.class, cx: PAGE_WIDTH / 2, top: 110 + drop + k * 95, text: line.text, sizePt: k === 0 ? 13 : 17 });
  });
  const hasForm = of('form-header').length > 0;

  // Routing: ACTION/INFO and the office column down the left margin, the rest as a block on the right.
  const routing = of('routing');
  const hasRouting = routing.length > 0;
  let leftBaseline = (hasForm ? 560 : 300) + drop;
  let rightBaseline = (hasForm ? 420 : 200) + drop;
  const onHeader = options.routingOnHeader === true && of('continuation-header').length > 0;
  const besideHeader: { line: TruthLine; index: number }[] = [];
  for (const { line, index } of routing) {
    if (onHeader && line.group === undefined && !isActionOrInfo(line)) {
      besideHeader.push({ line, index });
    } else if (line.group !== undefined || isActionOrInfo(line)) {
      elements.push(typed(index, line, 120, leftBaseline));
      leftBaseline += LINE_PITCH;
    } else {
      elements.push(typed(index, line, 1450, rightBaseline));
      rightBaseline += LINE_PITCH;
    }
  }

  // Classification: the first mark heads the sheet, any others go to its foot.
  const topBaseline = (hasForm ? 330 : hasRouting && !onHeader ? 150 : 140) + drop;
  of('classification').forEach(({ line, index }, k) => {
    if (k === 0) elements.push(typed(index, line, PAGE_WIDTH / 2 - (line.text.length * ADVANCE) / 2, topBaseline));
    else elements.push(typed(index, line, rng.range(350, 1800), 3160 - (k - 1) * LINE_PITCH));
  });

  let cursor = Math.max(topBaseline, hasRouting && !onHeader ? rightBaseline - LINE_PITCH : 0) + LINE_PITCH * 2;
  for (const { line, index } of of('continuation-header')) {
    elements.push(typed(index, line, BODY_X - 4 * ADVANCE, cursor));
    // A routing code typed on the header's own line, flush with the right edge of the body.
    besideHeader.splice(0).forEach(({ line: code, index: codeIndex }, k) => {
      elements.push(typed(codeIndex, code, BODY_RIGHT - code.text.length * ADVANCE, cursor + k * LINE_PITCH));
    });
    cursor += LINE_PITCH * 2;
  }
  if (hasForm) cursor = Math.max(cursor, 800);

  // The body: paragraphs wrapped to the typewriter's line, a blank line between them.
  const body = of('body');
  // Address lines ("Secretary of State," / "Washington.") and short headings sit flush left; an address
  // line ending in a comma runs straight on to the next without a blank line.
  const paragraphs = body.map(({ line, index }, k) => {
    const flush = (k === 0 && options.continuesParagraph) || (line.text.length <= 40 && !line.text.startsWith('('));
    const indent = flush ? 0 : PARAGRAPH_INDENT;
    return { line, index, indent, rows: wrap(line.text, BODY_COLUMNS, indent), gap: line.text.endsWith(',') ? 0 : 1 };
  });
  const tail = of('catchword').length + of('signature').length > 0 ? 2 : 0;
  const rowsNeeded = paragraphs.reduce((sum, p) => sum + p.rows.length + p.gap, 0) + tail;
  const pitch = Math.max(MIN_PITCH, Math.min(LINE_PITCH, Math.floor((BODY_BOTTOM - cursor) / Math.max(1, rowsNeeded))));
  let baseline = cursor;
  for (const paragraph of paragraphs) {
    paragraph.rows.forEach((row, r) => {
      const x = BODY_X + (r === 0 ? paragraph.indent * ADVANCE : 0);
      elements.push(typed(paragraph.index, { ...paragraph.line, text: row }, x, baseline));
      baseline += pitch;
    });
    baseline += pitch * paragraph.gap;
  }
  const lastBody = baseline - pitch * (1 + (paragraphs.at(-1)?.gap ?? 0));
  let footBaseline = lastBody + 2 * pitch;

  for (const { line, index } of of('signature')) {
    elements.push(typed(index, line, 1450, footBaseline));
    footBaseline += pitch;
  }
  for (const { line, index } of of('catchword')) {
    elements.push(typed(index, line, BODY_RIGHT - line.text.length * ADVANCE, footBaseline));
    footBaseline += pitch;
  }

  // Stamps: one box per group, near the foot, now and then pressed over the last lines of text.
  const stampGroups = new Map<number, { line: TruthLine; index: number }[]>();
  for (const entry of of('stamp')) {
    const key = entry.line.group ?? -1;
    stampGroups.set(key, [...(stampGroups.get(key) ?? []), entry]);
  }
  let stampSlot = 0;
  for (const members of stampGroups.values()) {
    const overText = rng.chance(0.3);
    const cy = overText ? lastBody - rng.range(0, 120) : Math.min(3080, Math.max(footBaseline + 120, 2780) + stampSlot * 260);
    elements.push({
      kind: 'stamp',
      lines: members.map((m) => m.index),
      class: 'stamp',
      texts: members.map((m) => m.line.text),
      cx: rng.range(900, 1700),
      cy,
      angle: Math.max(-9, Math.min(9, rng.normal(0, 4))),
      color: pickInk(rng, options.stampInk),
      sizePt: 9,
    });
    stampSlot += 1;
  }

  // Marginalia: handwriting in the margins; typed file notes at the foot, left.
  let handSlot = 0;
  let typedSlot = 0;
  for (const { line, index } of of('marginalia')) {
    if (line.hand === true) {
      const atFoot = handSlot % 2 === 0;
      elements.push({
        kind: 'hand',
        line: index,
        class: line.class,
        x: atFoot ? rng.range(140, 330) : rng.range(2050, 2250),
        top: atFoot ? rng.range(2980, 3090) : rng.range(120, 220),
        text: line.text,
        sizePt: rng.range(18, 24),
        angle: rng.range(-10, 6),
        color: PENCIL,
      });
      handSlot += 1;
    } else {
      elements.push(typed(index, line, 140, 3200 - typedSlot * LINE_PITCH));
      typedSlot += 1;
    }
  }

  return { width: PAGE_WIDTH, height: PAGE_HEIGHT, label: page.label, skew: Math.max(-1.5, Math.min(1.5, rng.normal(0, 0.7))), elements };
}
