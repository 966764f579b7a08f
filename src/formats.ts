/**
 * Page layouts from other engines and other people's transcriptions: hOCR (tesseract, OCRopus), ALTO
 * (ABBYY, Transkribus, eScriptorium, library OCR) and PAGE XML (Transkribus, OCR-D, eScriptorium). ALTO
 * and PAGE are read into one layout of lines with boxes and text; a scan witness (`readAlto`) and a
 * line-level ground truth (src/truth.ts) both start from it, so the two read a file the same way. The XML
 * is checked first (fast-xml-parser) so a file that does not parse is refused at its line and column.
 * Pure.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import { InputError } from './errors.js';
import { joinWords, unionBoxes } from './geometry.js';
import type { BBox, OcrLine, OcrPage } from './model.js';

export type WitnessFormat = 'text' | 'hocr' | 'alto' | 'page';

/** What a witness file holds, from its content. */
export function formatOf(text: string): WitnessFormat {
  const head = text.slice(0, 4000);
  if (/<(?:\w+:)?alto[\s>]/i.test(head)) return 'alto';
  if (/<(?:\w+:)?PcGts[\s>]/.test(head)) return 'page';
  if (/ocr_page|ocr_line|ocrx_word/.test(head) || /<html[\s>]/i.test(head)) return 'hocr';
  return 'text';
}

function validate(text: string, file: string, what: string): void {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new InputError(`${file}:${valid.err.line}:${valid.err.col}: the ${what} file does not parse: ${valid.err.msg}`);
}

/** An XML element with its namespace prefix dropped: local name, attributes, and children in document order. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Its own text, CDATA included, without its children's. */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  // Character references (&#233;) as well as XML's five entities.
  htmlEntities: true,
  cdataPropName: '#cdata',
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function element(node: Ordered): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name.startsWith('#') || name.startsWith('?')) return undefined;
  const content = (node[name] ?? []) as Ordered[];
  const text = content.map((c) => (typeof c['#text'] === 'string' ? c['#text'] : Array.isArray(c['#cdata']) ? ((c['#cdata'] as Ordered[])[0]?.['#text'] ?? '') : '')).join('');
  return { name, attributes: node[':@'] ?? {}, children: content.flatMap((c) => element(c) ?? []), text: String(text) };
}

/** Parses an XML file into its root element; a file that does not parse is refused at its line and column. */
export function parseXml(text: string, file: string, what: string): XmlElement {
  validate(text, file, what);
  const root = (parser.parse(text) as Ordered[]).map(element).find((el) => el !== undefined);
  if (!root) throw new InputError(`${file}: the ${what} file holds no element`);
  return root;
}

/** Every element under this one with the given local name, in document order. */
export function descendants(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...descendants(c, name)]);
}

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);

/** A word of a layout, with its box in the file's own units. */
export interface LayoutWord {
  text: string;
  bbox: BBox;
  /** 0–100, when the file gives one. */
  confidence?: number;
}

/** A line of a layout: its text (empty when the file gives none), its box, and its words where the file has them. */
export interface LayoutLine {
  text: string;
  bbox: BBox;
  words: LayoutWord[];
}

/** One page of an ALTO or PAGE file, in the file's own units. */
export interface LayoutPage {
  format: 'alto' | 'page';
  /** The image the file says it transcribes, as written there. */
  image?: string;
  width?: number;
  height?: number;
  /** ALTO's MeasurementUnit: `pixel`, `mm10` or `inch1200`; PAGE is always in pixels. */
  unit: string;
  label?: string;
  lines: LayoutLine[];
}

const tenth = (n: number) => Math.round(n * 10) / 10;

/** A number attribute; undefined when absent or not a number. */
function numberOf(el: XmlElement, name: string): number | undefined {
  const value = el.attributes[name];
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** ALTO's box: HPOS, VPOS, WIDTH, HEIGHT; undefined unless all four are there. */
function altoBox(el: XmlElement): BBox | undefined {
  const [x, y, w, h] = ['HPOS', 'VPOS', 'WIDTH', 'HEIGHT'].map((name) => numberOf(el, name));
  return x === undefined || y === undefined || w === undefined || h === undefined ? undefined : [Math.round(x), Math.round(y), Math.round(x + w), Math.round(y + h)];
}

/** ALTO's word confidence (0–1) as ours (0–100). */
const altoConfidence = (el: XmlElement) => {
  const n = numberOf(el, 'WC');
  return n === undefined ? undefined : Math.max(0, Math.min(100, tenth(n * 100)));
};

/** ALTO v1–v4: Page → (blocks) → TextLine → String, SP and HYP, with HPOS/VPOS/WIDTH/HEIGHT on each. */
function altoLayout(root: XmlElement): LayoutPage[] {
  const description = child(root, 'Description');
  const unit = (description && child(description, 'MeasurementUnit')?.text.trim()) || 'pixel';
  const image = description && descendants(description, 'fileName')[0]?.text.trim();
  return descendants(root, 'Page').map((page) => ({
    format: 'alto',
    ...(image ? { image } : {}),
    ...(numberOf(page, 'WIDTH') !== undefined ? { width: numberOf(page, 'WIDTH') } : {}),
    ...(numberOf(page, 'HEIGHT') !== undefined ? { height: numberOf(page, 'HEIGHT') } : {}),
    unit,
    ...(page.attributes.PRINTED_IMG_NR ? { label: page.attributes.PRINTED_IMG_NR } : {}),
    lines: descendants(page, 'TextLine').map((line) => {
      const words = line.children
        .filter((c) => c.name === 'String')
        .map((s) => ({ text: (s.attributes.CONTENT ?? '').normalize('NFC').trim(), bbox: altoBox(s), confidence: altoConfidence(s) }))
        .filter((w) => w.text !== '');
      const hyphen = line.children.find((c) => c.name === 'HYP')?.attributes.CONTENT ?? '';
      const boxed = words.filter((w): w is typeof w & { bbox: BBox } => w.bbox !== undefined);
      const bbox = altoBox(line) ?? unionBoxes(boxed.map((w) => w.bbox));
      return {
        text: words.map((w) => w.text).join(' ') + hyphen,
        bbox,
        words: words.map((w) => ({ text: w.text, bbox: w.bbox ?? bbox, ...(w.confidence !== undefined ? { confidence: w.confidence } : {}) })),
      };
    }),
  }));
}

/** PAGE's Coords: `points="x,y x,y …"` (2013, 2019), or Point children (2010); the box around them. */
function pageBox(el: XmlElement): BBox | undefined {
  const coords = child(el, 'Coords');
  if (!coords) return undefined;
  const points = coords.attributes.points !== undefined
    ? coords.attributes.points.trim().split(/\s+/).map((p) => p.split(',').map(Number))
    : coords.children.filter((c) => c.name === 'Point').map((p) => [numberOf(p, 'x'), numberOf(p, 'y')]);
  const valid = points.filter((p): p is [number, number] => p.length === 2 && p.every((n) => n !== undefined && Number.isFinite(n)));
  return valid.length === 0 ? undefined : unionBoxes(valid.map(([x, y]) => [x, y, x, y]));
}

/** PAGE's TextEquiv: the one with the lowest index where there are several (the first otherwise), its Unicode. */
function textEquiv(el: XmlElement): string | undefined {
  const equivs = el.children.filter((c) => c.name === 'TextEquiv');
  if (equivs.length === 0) return undefined;
  const best = equivs.reduce((a, b) => ((numberOf(b, 'index') ?? Infinity) < (numberOf(a, 'index') ?? Infinity) ? b : a));
  const unicode = child(best, 'Unicode');
  return unicode ? unicode.text.normalize('NFC') : undefined;
}

/** PAGE XML (2010, 2013, 2019): Page → TextRegion → TextLine (→ Word), each with Coords and TextEquiv. */
function pageLayout(root: XmlElement): LayoutPage[] {
  return descendants(root, 'Page').map((page) => ({
    format: 'page',
    ...(page.attributes.imageFilename ? { image: page.attributes.imageFilename } : {}),
    ...(numberOf(page, 'imageWidth') !== undefined ? { width: numberOf(page, 'imageWidth') } : {}),
    ...(numberOf(page, 'imageHeight') !== undefined ? { height: numberOf(page, 'imageHeight') } : {}),
    unit: 'pixel',
    lines: descendants(page, 'TextLine').map((line) => {
      const words = line.children
        .filter((c) => c.name === 'Word')
        .map((w) => ({ text: (textEquiv(w) ?? '').trim(), bbox: pageBox(w), conf: numberOf(child(w, 'TextEquiv') ?? w, 'conf') }))
        .filter((w) => w.text !== '');
      const boxed = words.filter((w): w is typeof w & { bbox: BBox } => w.bbox !== undefined);
      const bbox = pageBox(line) ?? unionBoxes(boxed.map((w) => w.bbox));
      return {
        text: textEquiv(line) ?? words.map((w) => w.text).join(' '),
        bbox,
        words: words.map((w) => ({ text: w.text, bbox: w.bbox ?? bbox, ...(w.conf !== undefined ? { confidence: Math.max(0, Math.min(100, tenth(w.conf * 100))) } : {}) })),
      };
    }),
  }));
}

/** An ALTO or PAGE file's pages. Anything else, or XML that does not parse, is refused naming the file. */
export function readLayout(text: string, file: string): LayoutPage[] {
  const root = parseXml(text, file, formatOf(text) === 'page' ? 'PAGE' : 'ALTO');
  if (root.name === 'alto') return altoLayout(root);
  if (root.name === 'PcGts') return pageLayout(root);
  throw new InputError(`${file}: neither ALTO nor PAGE XML: its root element is <${root.name}>, not <alto> or <PcGts>`);
}

interface Element {
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<Element>;
  textContent: string | null;
}

function dom(text: string, file: string, what: string): Element {
  validate(text, file, what);
  return (create(text) as unknown as { node: Element }).node;
}

const all = (parent: Element, tag: string) => Array.from(parent.getElementsByTagName(tag));

function line(index: number, words: OcrLine['words'], bbox?: BBox): OcrLine {
  return { index, ...joinWords(words), ...(bbox ? { bbox } : {}) };
}

/** hOCR: ocr_page → ocr_line → ocrx_word, with "bbox x0 y0 x1 y1" and "x_wconf" in each title. */
export function readHocr(text: string, file: string): OcrPage[] {
  const root = dom(text, file, 'hOCR');
  const title = (el: Element, key: string) => new RegExp(`(?:^|;)\\s*${key}\\s+([^;]+)`).exec(el.getAttribute('title') ?? '')?.[1]?.trim();
  const bbox = (el: Element): BBox | undefined => {
    const v = title(el, 'bbox')?.split(/\s+/).map(Number);
    return v && v.length === 4 && v.every(Number.isFinite) ? (v as BBox) : undefined;
  };
  // In document order, which is the engine's reading order.
  const byClass = (parent: Element, ...classes: string[]) => all(parent, '*').filter((el) => (el.getAttribute('class') ?? '').split(/\s+/).some((c) => classes.includes(c)));
  return byClass(root, 'ocr_page').map((page, p) => {
    const box = bbox(page) ?? [0, 0, 1, 1];
    const lines = byClass(page, 'ocr_line', 'ocr_header', 'ocr_caption', 'ocr_textfloat')
      .map((el) => ({ el, words: byClass(el, 'ocrx_word').map((w) => ({ text: (w.textContent ?? '').trim().normalize('NFC'), bbox: bbox(w) ?? bbox(el) ?? box, confidence: Math.max(0, Math.min(100, Number(title(w, 'x_wconf') ?? 100) || 0)) })).filter((w) => w.text !== '') }))
      .filter((l) => l.words.length > 0)
      .map((l, index) => line(index, l.words, bbox(l.el)));
    const image = /image\s+"([^"]+)"/.exec(page.getAttribute('title') ?? '')?.[1];
    return { label: String(p + 1), position: p + 1, file: image ?? file, width: Math.max(1, box[2]), height: Math.max(1, box[3]), lines };
  });
}

/** ALTO or PAGE as a scan witness: each page's lines with their words, boxes and confidences (full where the file gives none). */
export function readAlto(text: string, file: string): OcrPage[] {
  return readLayout(text, file).map((page, p) => ({
    label: page.label ?? String(p + 1),
    position: p + 1,
    file: page.image ?? file,
    width: Math.max(1, Math.round(page.width ?? 0)),
    height: Math.max(1, Math.round(page.height ?? 0)),
    lines: page.lines
      .map((l) => ({ bbox: l.bbox, words: l.words.map((w) => ({ text: w.text, bbox: w.bbox, confidence: w.confidence ?? 100 })) }))
      .filter((l) => l.words.length > 0)
      .map((l, index) => line(index, l.words, l.bbox)),
  }));
}
