/**
 * Scan witnesses from other engines: hOCR (tesseract, OCRopus, Transkribus exports) and ALTO (ABBYY,
 * Transkribus, library OCR). Each is read into our own OcrPage, with its boxes and confidences, so the same
 * stripping rules apply to it as to our own OCR. The XML is checked first (fast-xml-parser) so a file that
 * does not parse is refused at its line and column, then walked as a DOM (xmlbuilder2). Pure.
 */
import { XMLValidator } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';
import { InputError } from './errors.js';
import { joinWords } from './geometry.js';
import type { BBox, OcrLine, OcrPage } from './model.js';

export type WitnessFormat = 'text' | 'hocr' | 'alto';

/** What a witness file holds, from its content. */
export function formatOf(text: string): WitnessFormat {
  const head = text.slice(0, 4000);
  if (/<alto[\s>]/i.test(head)) return 'alto';
  if (/ocr_page|ocr_line|ocrx_word/.test(head) || /<html[\s>]/i.test(head)) return 'hocr';
  return 'text';
}

interface Element {
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<Element>;
  textContent: string | null;
}

function dom(text: string, file: string, what: string): Element {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new InputError(`${file}:${valid.err.line}:${valid.err.col}: the ${what} file does not parse: ${valid.err.msg}`);
  return (create(text) as unknown as { node: Element }).node;
}

const tenth = (n: number) => Math.round(n * 10) / 10;
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

/** ALTO's word confidence (0–1) as ours (0–100); absent or unreadable, full. */
const wc = (value: string | null) => {
  const n = Number(value);
  return value === null || !Number.isFinite(n) ? 100 : Math.max(0, Math.min(100, tenth(n * 100)));
};

/** ALTO: Page → TextLine → String, with HPOS/VPOS/WIDTH/HEIGHT and WC (0–1) on each String. */
export function readAlto(text: string, file: string): OcrPage[] {
  const root = dom(text, file, 'ALTO');
  const num = (el: Element, name: string) => {
    const n = Number(el.getAttribute(name) ?? 0);
    return Number.isFinite(n) ? Math.round(n) : 0;
  };
  const box = (el: Element): BBox => [num(el, 'HPOS'), num(el, 'VPOS'), num(el, 'HPOS') + num(el, 'WIDTH'), num(el, 'VPOS') + num(el, 'HEIGHT')];
  const image = all(root, 'fileName')[0]?.textContent?.trim();
  return all(root, 'Page').map((page, p) => {
    const lines = all(page, 'TextLine')
      .map((el) => ({ el, words: all(el, 'String').map((s) => ({ text: (s.getAttribute('CONTENT') ?? '').normalize('NFC'), bbox: box(s), confidence: wc(s.getAttribute('WC')) })).filter((w) => w.text !== '') }))
      .filter((l) => l.words.length > 0)
      .map((l, index) => line(index, l.words, box(l.el)));
    return { label: page.getAttribute('PRINTED_IMG_NR') ?? String(p + 1), position: p + 1, file: image ?? file, width: Math.max(1, num(page, 'WIDTH')), height: Math.max(1, num(page, 'HEIGHT')), lines };
  });
}
