/**
 * Facsimile layout of a Foreign Service despatch, 1938–1943: a printed letterhead, the typed heading
 * ("No. 720." and the date line on one row, "Subject:", the address, "Sir:"), the body double-spaced, the
 * close ("Respectfully yours,", the signature block, enclosures, the typist's file note), "- 2 -" at the
 * head of later pages, a catchword at the foot, and the received stamps the Department struck on arrival:
 * rotated in the margins, oval or boxed, some over the typing, the file number large in the right margin.
 * Pure, like `layout.ts`: a page and a random source in, positioned elements out.
 *
 * Truth classes: the letterhead is `form-header`, the page number `continuation-header`, the heading and
 * the close are `body`, the signer's name and title `signature`, the typist's note and handwriting `marginalia`.
 */
import type { TruthLine, TruthPage } from '../model.js';
import { ADVANCE, BLACK_INK, LINE_PITCH, PAGE_HEIGHT, PAGE_WIDTH, PARAGRAPH_INDENT, pickInk, wrap, type Element, type LayoutOptions, type PageLayout, type Rgb, type Stamp, type TypedRun } from './layout.js';
import type { Rng } from './random.js';

/** The despatch's typing column: 1.25 inches from the left edge, 66 elite characters wide. */
const LEFT = 375;
const COLUMNS = 66;
const RIGHT = LEFT + COLUMNS * ADVANCE;
/** The lowest baseline the typist used before turning the sheet. */
const BOTTOM = 3000;
/** Double spacing, as the despatches' bodies are typed; closed up to single spacing when a page is full. */
const DOUBLE = LINE_PITCH * 2;
const PEN: Rgb = [38, 40, 70];

type Indexed = { line: TruthLine; index: number };

const NUMBER_LINE = /^No\.\s*\d+\.?$/;
const SUBJECT = /^Subject:/i;
const SALUTATION = /^Sir:?$/;
const CLOSE = /^(Respectfully yours|Very respectfully|I have the honor to be)/i;
/** A Department file number, stamped large in the right margin: "840.48 Refugees/1234". */
const FILE_NUMBER = /^\d{3}\.\d/;

export function layoutDespatch(page: TruthPage, options: LayoutOptions, rng: Rng): PageLayout {
  const elements: Element[] = [];
  const drop = options.headerDrop ?? 0;
  const indexed = page.lines.map((line, index) => ({ line, index }));
  const of = (cls: TruthLine['class']) => indexed.filter(({ line }) => line.class === cls);
  const typed = ({ line, index }: Indexed, x: number, baseline: number, text = line.text): TypedRun => ({
    kind: 'typed',
    line: index,
    class: line.class,
    x: Math.round(x),
    baseline: Math.round(baseline),
    text,
    struck: line.struck === true,
    ink: Math.min(1, Math.max(0.7, rng.normal(0.93, 0.04))),
    wobble: rng.range(0, 1.6),
  });

  // The letterhead, printed right of centre, beside the seal.
  const letterhead = of('form-header');
  letterhead.forEach(({ line, index }, k) => {
    elements.push({ kind: 'printed', line: index, class: line.class, cx: 1450, top: 120 + drop + k * 80, text: line.text, sizePt: 13 });
  });
  let cursor = letterhead.length > 0 ? 160 + drop + letterhead.length * 80 + 120 : 180 + drop;

  // "- 2 -" centred at the head of a later page.
  for (const entry of of('continuation-header')) {
    elements.push(typed(entry, PAGE_WIDTH / 2 - (entry.line.text.length * ADVANCE) / 2, cursor));
    cursor += DOUBLE + LINE_PITCH;
  }

  const body = of('body');
  // The heading runs to the salutation; a page without one has none.
  const heading = letterhead.length > 0 ? body.slice(0, body.findIndex(({ line }) => SALUTATION.test(line.text)) + 1) : [];
  const rest = body.slice(heading.length);
  const classification = of('classification');
  let addressStep = 0;
  let stampBand: [number, number] | undefined;
  for (let k = 0; k < heading.length; k++) {
    const entry = heading[k]!;
    const text = entry.line.text;
    if (NUMBER_LINE.test(text)) {
      // "No. 720." left, the place and date on the same row, flush right.
      elements.push(typed(entry, LEFT + 6 * ADVANCE, cursor - 80));
      const date = heading[k + 1];
      if (date) elements.push(typed(date, RIGHT - date.line.text.length * ADVANCE, cursor - 80));
      k += 1;
      cursor += LINE_PITCH;
    } else if (SUBJECT.test(text)) {
      const [label = '', ...words] = text.split(/\s+/);
      const hang = LEFT + 10 * ADVANCE;
      const column = hang + (label.length + 2) * ADVANCE;
      wrap(words.join(' '), 44).forEach((row, r) => {
        elements.push(typed(entry, r === 0 ? hang : column, cursor, r === 0 ? `${label}  ${row}` : row));
        cursor += LINE_PITCH;
      });
      // Below the subject: the classification, then room where the Department's stamps fall.
      cursor += LINE_PITCH * 2;
      for (const mark of classification) {
        elements.push(typed(mark, LEFT + 4 * ADVANCE, cursor));
        cursor += LINE_PITCH;
      }
      stampBand = [cursor, cursor + 420];
      cursor += 520;
    } else if (SALUTATION.test(text)) {
      cursor += LINE_PITCH;
      elements.push(typed(entry, LEFT, cursor));
      cursor += DOUBLE;
    } else {
      // The address steps right, line by line: "The Honorable" / "The Secretary of State," / "Washington."
      elements.push(typed(entry, LEFT + addressStep * PARAGRAPH_INDENT * ADVANCE, cursor));
      addressStep += 1;
      cursor += LINE_PITCH + 25;
    }
  }
  if (heading.length === 0) {
    for (const mark of classification) {
      elements.push(typed(mark, LEFT, cursor));
      cursor += DOUBLE;
    }
  }

  // The body and the close. Paragraphs are indented and double-spaced, without a blank line between them.
  const closeAt = rest.findIndex(({ line }) => CLOSE.test(line.text));
  const paragraphs = (closeAt < 0 ? rest : rest.slice(0, closeAt)).map((entry, k) => {
    const flush = k === 0 && options.continuesParagraph;
    const indent = flush ? 0 : PARAGRAPH_INDENT;
    return { entry, indent, rows: wrap(entry.line.text, COLUMNS, indent) };
  });
  const closing = closeAt < 0 ? [] : rest.slice(closeAt);
  const signature = of('signature');
  const tail = closing.length + signature.length + of('catchword').length * 2;
  const rows = paragraphs.reduce((n, p) => n + p.rows.length, 0);
  const pitch = Math.max(LINE_PITCH, Math.min(DOUBLE, Math.floor((BOTTOM - cursor - tail * LINE_PITCH) / Math.max(1, rows))));
  for (const { entry, indent, rows: lines } of paragraphs) {
    lines.forEach((row, r) => {
      elements.push(typed(entry, LEFT + (r === 0 ? indent * ADVANCE : 0), cursor, row));
      cursor += pitch;
    });
  }
  const bodyEnd = cursor - pitch;

  // "Respectfully yours," halfway across, what follows it a little right, then the signer's typed name;
  // enclosures after the signature block, flush left.
  cursor += LINE_PITCH;
  const enclosures: Indexed[] = [];
  closing.forEach((entry, k) => {
    if (k > 0 && /^Enclosure/i.test(entry.line.text)) enclosures.push(entry);
    else if (enclosures.length > 0) enclosures.push(entry);
    else {
      elements.push(typed(entry, LEFT + (k === 0 ? 22 : 25) * ADVANCE, cursor));
      cursor += LINE_PITCH;
    }
  });
  if (signature.length > 0) cursor += 140; // room for the signature in ink
  const signed = signature.length > 0 ? cursor - 150 : undefined;
  for (const entry of signature) {
    elements.push(typed(entry, LEFT + 28 * ADVANCE, cursor));
    cursor += LINE_PITCH - 8;
  }
  if (enclosures.length > 0) cursor += DOUBLE * 2;
  for (const entry of enclosures) {
    elements.push(typed(entry, LEFT, cursor));
    cursor += LINE_PITCH;
  }

  // The catchword, at the foot on the right.
  let foot = Math.max(cursor + LINE_PITCH, bodyEnd + DOUBLE + LINE_PITCH);
  for (const entry of of('catchword')) {
    elements.push(typed(entry, RIGHT - entry.line.text.length * ADVANCE, foot));
    foot += LINE_PITCH;
  }

  // The typist's file note at the foot, left. Handwriting: the first hand in the top right margin, the
  // second signs above the typed name where there is one, or notes beside the stamps.
  const notes = of('marginalia').filter(({ line }) => line.hand !== true);
  notes.forEach((entry, k) => elements.push(typed(entry, LEFT, Math.max(foot + DOUBLE, PAGE_HEIGHT - 120 - (notes.length - k) * LINE_PITCH))));
  of('marginalia')
    .filter(({ line }) => line.hand === true)
    .forEach(({ line, index }, k) => {
      elements.push({
        kind: 'hand',
        line: index,
        class: line.class,
        x: k % 2 === 0 ? rng.range(2150, 2300) : signed !== undefined ? LEFT + 26 * ADVANCE + rng.range(-40, 40) : rng.range(1000, 1300),
        top: k % 2 === 0 ? rng.range(80, 200) : (signed ?? (stampBand?.[0] ?? 200) - 40) + rng.range(-20, 20),
        text: line.text,
        sizePt: rng.range(16, 22),
        angle: rng.range(-12, 4),
        color: PEN,
      });
    });

  elements.push(...stamps(of('stamp'), { band: stampBand, bodyEnd, top: stampBand ? stampBand[0] : 300 }, options.stampInk ?? BLACK_INK, rng));

  return { width: PAGE_WIDTH, height: PAGE_HEIGHT, label: page.label, skew: Math.max(-1.5, Math.min(1.5, rng.normal(0, 0.7))), elements };
}

/**
 * The received stamps, one per group of stamp lines. A file number goes large and turned a quarter in the
 * right margin; the others take, in an order the seed chooses, the left margin (turned a quarter, unframed
 * or boxed), the band under the subject (oval), and a place over the typing (boxed, tilted).
 */
function stamps(lines: readonly Indexed[], where: { band?: [number, number]; bodyEnd: number; top: number }, ink: Rgb, rng: Rng): Stamp[] {
  const groups = new Map<number, Indexed[]>();
  for (const entry of lines) groups.set(entry.line.group ?? -1, [...(groups.get(entry.line.group ?? -1) ?? []), entry]);
  const slots = shuffle(['left-margin', 'band', 'over-text'], rng);
  let slot = 0;
  let leftTop = where.top;
  const out: Stamp[] = [];
  for (const members of groups.values()) {
    const texts = members.map((m) => m.line.text);
    const base = { kind: 'stamp' as const, lines: members.map((m) => m.index), class: 'stamp' as const, texts, color: pickInk(rng, ink) };
    if (members.length === 1 && FILE_NUMBER.test(texts[0] ?? '')) {
      out.push({ ...base, frame: 'none', cx: rng.range(2330, 2400), cy: rng.range(900, 1500), angle: 90 + rng.range(-1.5, 1.5), sizePt: 17 });
      continue;
    }
    const kind = where.band || slots[slot % slots.length] !== 'band' ? slots[slot % slots.length] : 'left-margin';
    slot += 1;
    const longest = Math.max(...texts.map((t) => t.length));
    if (kind === 'left-margin') {
      const reach = longest * 20 + 80; // the stamp's length along the margin, at 9 pt
      out.push({ ...base, frame: rng.chance(0.5) ? 'none' : 'box', cx: rng.range(150, 200), cy: leftTop + reach / 2 + rng.range(0, 120), angle: -90 + rng.range(-3, 3), sizePt: 8.5 });
      leftTop += reach + 160;
    } else if (kind === 'band' && where.band) {
      out.push({ ...base, frame: 'oval', cx: rng.range(1450, 1900), cy: rng.range(where.band[0] + 120, where.band[1] - 60), angle: rng.range(-14, 14), sizePt: 9 });
    } else {
      out.push({ ...base, frame: 'box', cx: rng.range(1300, 1900), cy: where.bodyEnd - rng.range(60, 400), angle: rng.range(-10, 10), sizePt: 9 });
    }
  }
  return out;
}

/** Fisher–Yates, from the page's random source. */
function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
