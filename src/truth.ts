/**
 * Ground-truth helpers: the message a document's pages carry, read from their truth lines; and other
 * people's line-level ground truth (ALTO, PAGE) checked against the image it transcribes. Pure.
 */
import { InputError } from './errors.js';
import type { LayoutPage } from './formats.js';
import type { BBox, LineTruth, RegionClass, TruthLine, TruthPage } from './model.js';

/** A paragraph that begins with an enumerator such as "(E)" or "(Two)" starts afresh even after a catchword. */
const ENUMERATED = /^\((?:[A-Za-z]|One|Two|Three|Four|Five|Six|Seven)\)\s/;
const SENTENCE_END = /[.:;!?"')]$/;

/** The body lines of each page, catchwords dropped. */
export const bodyLines = (page: TruthPage): TruthLine[] => page.lines.filter((line) => line.class === 'body');

/** Whether the page ended mid-paragraph: it has a catchword and its last body line does not end a sentence. */
function endsMidParagraph(page: TruthPage): boolean {
  const last = bodyLines(page).at(-1);
  return page.lines.some((line) => line.class === 'catchword') && last !== undefined && !SENTENCE_END.test(last.text);
}

/**
 * The message as the pages read, one paragraph a line: the body lines of all pages in order, catchwords
 * dropped, and a paragraph broken across a page joined again with a space.
 */
export function messageText(pages: readonly TruthPage[]): string {
  const paragraphs: string[] = [];
  pages.forEach((page, p) => {
    bodyLines(page).forEach((line, i) => {
      const previous = pages[p - 1];
      const joins = i === 0 && previous !== undefined && paragraphs.length > 0 && endsMidParagraph(previous) && !ENUMERATED.test(line.text);
      if (joins) paragraphs[paragraphs.length - 1] += ` ${line.text}`;
      else paragraphs.push(line.text);
    });
  });
  return paragraphs.length > 0 ? `${paragraphs.join('\n')}\n` : '';
}

/** Every line of the given classes, page by page. */
export function linesOf(pages: readonly TruthPage[], classes: readonly RegionClass[]): { page: string; line: TruthLine }[] {
  return pages.flatMap((page) => page.lines.filter((line) => classes.includes(line.class)).map((line) => ({ page: page.label, line })));
}

/**
 * How far a ground-truth file's page size may differ from its image's, as a share of each side, and
 * still be the same image: exporters round, and some record the size before a one-pixel crop. Another
 * scan of the page, or the same scan at another resolution (300 against 200 dpi is a third), differs by
 * far more. The EHRI pages' ALTO gives each image's size to the pixel.
 */
export const SIZE_TOLERANCE = 0.01;

/** A line the transcriber left empty, or marked only with "~" (eScriptorium's mark for nothing legible). */
const EMPTY = /^[\s~]*$/;

const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;
const stem = (name: string) => baseName(name).replace(/\.[^.]*$/, '').toLowerCase();

/**
 * One page of an ALTO or PAGE file as the ground truth of an image `width` × `height` pixels. Refused,
 * naming the file, when it names another image (its stem: a TIFF master exported as JPEG is the same
 * image), when its page size disagrees with the image's, or when it has no line with text. Boxes in
 * ALTO's mm10 or inch1200 are scaled to the image by the page's size. An empty line is skipped with a warning.
 */
export function lineTruth(layout: readonly LayoutPage[], file: string, image: { file: string; width: number; height: number }): { truth: LineTruth; warnings: string[] } {
  const [page, ...more] = layout;
  if (!page) throw new InputError(`${file}: the ground truth has no page`);
  if (more.length > 0) throw new InputError(`${file}: the ground truth holds ${layout.length} pages; give one file per page image`);
  if (page.image !== undefined && stem(page.image) !== stem(image.file)) {
    throw new InputError(`${file}: the ground truth transcribes ${baseName(page.image)}, not ${baseName(image.file)}`);
  }
  const [sx, sy] = scale(page, file, image);
  const warnings: string[] = [];
  const lines = page.lines.flatMap((line, i) => {
    if (EMPTY.test(line.text)) {
      warnings.push(`warning: ${file}: line ${i + 1} has no text; skipped`);
      return [];
    }
    const [x0, y0, x1, y1] = line.bbox;
    const bbox: BBox = [Math.round(x0 * sx), Math.round(y0 * sy), Math.round(x1 * sx), Math.round(y1 * sy)];
    return [{ text: line.text, bbox }];
  });
  if (lines.length === 0) throw new InputError(`${file}: the ground truth has no lines${page.lines.length > 0 ? ` with text (all ${page.lines.length} are empty)` : ''}`);
  return { truth: { file, format: page.format, image: image.file, width: image.width, height: image.height, lines }, warnings };
}

/** From the file's units to the image's pixels, after checking that the page and the image agree in size. */
function scale(page: LayoutPage, file: string, image: { width: number; height: number }): [number, number] {
  const { width, height } = page;
  const off = (a: number, b: number) => Math.abs(a - b) > SIZE_TOLERANCE * b;
  if (page.unit === 'pixel') {
    if (width !== undefined && height !== undefined && (off(width, image.width) || off(height, image.height))) {
      throw new InputError(`${file}: the ground truth's page is ${width}×${height} pixels, the image ${image.width}×${image.height}: not the same image, or not at the same size`);
    }
    return [1, 1];
  }
  if (width === undefined || height === undefined || width <= 0 || height <= 0) throw new InputError(`${file}: the ground truth measures in ${page.unit} but gives no page size, so its boxes cannot be placed on the image`);
  const [sx, sy] = [image.width / width, image.height / height];
  if (off(sx, sy)) throw new InputError(`${file}: the ground truth's page (${width}×${height} ${page.unit}) is not in the proportions of the image (${image.width}×${image.height} pixels)`);
  return [sx, sy];
}
