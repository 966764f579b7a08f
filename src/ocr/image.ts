/**
 * Page images at the edge: reading an image's header to refuse what is empty, truncated, not an image or
 * too large before OCR starts, and decoding a page (PNG, JPEG, TIFF with all its pages, PDF rasterized at
 * 300 dpi with MuPDF) to RGB pixels. sharp is loaded only to decode a page, or to read a header other than
 * JPEG's or PNG's: a run whose pages are all in the cache never loads it (0.1 s of its start).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { imageSize } from 'image-size';
import type { Metadata } from 'sharp';
import { InputError } from '../errors.js';
import { reason, shown } from '../files.js';
import type { PageSource } from '../model.js';

/** Larger images are refused: a letter page at 600 dpi is about 34 megapixels. */
export const MAX_PIXELS = 100_000_000;
export const PDF_DPI = 300;

const isPdf = (file: string) => path.extname(file).toLowerCase() === '.pdf';

async function readImageFile(file: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (error) {
    throw new InputError(`${shown(file)}: cannot read the image: ${reason(error)}`);
  }
  if (data.length === 0) throw new InputError(`${shown(file)}: the file is empty (0 bytes)`);
  return data;
}

async function openPdf(file: string, data: Buffer) {
  const mupdf = await import('mupdf');
  // MuPDF logs its complaints to the console; they reach the user once, in the error that names the file.
  mupdf.setLog(null);
  try {
    return { mupdf, doc: mupdf.Document.openDocument(data, 'application/pdf') };
  } catch (error) {
    throw new InputError(`${shown(file)}: not a readable PDF: ${reason(error)}`);
  }
}

/**
 * Reads an image's header and counts its pages, refusing what is empty, not an image, or too large,
 * before any OCR starts.
 */
export async function probe(file: string): Promise<number> {
  const data = await readImageFile(file);
  if (isPdf(file)) {
    const { doc } = await openPdf(file, data);
    try {
      let count: number;
      try {
        count = doc.countPages();
      } catch (error) {
        throw new InputError(`${shown(file)}: not a readable PDF: ${reason(error)}`);
      }
      if (count === 0) throw new InputError(`${shown(file)}: the PDF has no pages`);
      return count;
    } finally {
      doc.destroy();
    }
  }
  let meta: Pick<Metadata, 'format' | 'width' | 'height' | 'pages'>;
  try {
    meta = jpegOrPng(data) ?? (await (await import('sharp')).default(data, { limitInputPixels: false }).metadata());
  } catch (error) {
    throw new InputError(`${shown(file)}: not a readable image: ${reason(error)}`);
  }
  const truncated = truncation(data, meta.format);
  if (truncated) throw new InputError(`${shown(file)}: the image is truncated (${truncated}); copy or export it again`);
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if ((meta.width ?? 0) < 16 || (meta.height ?? 0) < 16) throw new InputError(`${shown(file)}: the image is ${meta.width}×${meta.height} pixels, too small to hold a page`);
  if (pixels > MAX_PIXELS) {
    throw new InputError(
      `${shown(file)}: the image is ${meta.width}×${meta.height} (${Math.round(pixels / 1e6)} megapixels), over the ${MAX_PIXELS / 1e6}-megapixel limit; scan at 300–600 dpi`,
    );
  }
  return meta.pages ?? 1;
}

/**
 * A JPEG's or PNG's header, read with image-size, a small library of header readers that, unlike sharp,
 * needs no native module loaded; other formats (TIFF, with its pages) and anything it cannot read go to sharp.
 */
function jpegOrPng(data: Buffer): Pick<Metadata, 'format' | 'width' | 'height' | 'pages'> | undefined {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(data);
  } catch {
    return undefined;
  }
  if (size.type === 'jpg') return { format: 'jpeg', width: size.width, height: size.height, pages: 1 };
  if (size.type === 'png') return { format: 'png', width: size.width, height: size.height, pages: 1 };
  return undefined;
}

/**
 * A cheap check that a JPEG or PNG file is whole, so a half-copied scan is refused before OCR starts
 * rather than halfway through a run: a JPEG ends with its end-of-image marker, a PNG with its IEND chunk.
 */
function truncation(data: Buffer, format: string | undefined): string | undefined {
  const tail = data.subarray(Math.max(0, data.length - 1024));
  if (format === 'jpeg' && tail.lastIndexOf(Buffer.from([0xff, 0xd9])) === -1) return 'no JPEG end-of-image marker';
  if (format === 'png' && tail.lastIndexOf(Buffer.from('IEND')) === -1) return 'no PNG IEND chunk';
  return undefined;
}

/** The decoded page as 8-bit RGB pixels. */
export interface Raster {
  data: Buffer;
  width: number;
  height: number;
}

const where = (source: PageSource) => `${shown(source.file)}${source.subpages > 1 ? ` page ${source.subpage + 1}` : ''}`;

/** Decodes one page to RGB. A truncated or corrupt file is an InputError naming it. */
export async function decodePage(source: PageSource): Promise<Raster> {
  const data = await readImageFile(source.file);
  if (isPdf(source.file)) {
    const { mupdf, doc } = await openPdf(source.file, data);
    try {
      const scale = PDF_DPI / 72;
      const pixmap = doc.loadPage(source.subpage).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false);
      const raster = { data: Buffer.from(pixmap.getPixels()), width: pixmap.getWidth(), height: pixmap.getHeight() };
      pixmap.destroy();
      if (raster.width * raster.height > MAX_PIXELS) throw new InputError(`${where(source)}: the page rasterizes to over ${MAX_PIXELS / 1e6} megapixels at ${PDF_DPI} dpi`);
      return raster;
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${where(source)}: cannot rasterize the PDF page: ${reason(error)}`);
    } finally {
      doc.destroy();
    }
  }
  const { default: sharp } = await import('sharp');
  try {
    const { data: pixels, info } = await sharp(data, { page: source.subpage, limitInputPixels: MAX_PIXELS, failOn: 'truncated' })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, decoded ${info.channels}`);
    return { data: pixels, width: info.width, height: info.height };
  } catch (error) {
    throw new InputError(`${where(source)}: cannot decode the image: ${reason(error)}`);
  }
}

/** A grayscale image as binary PGM, the form tesseract is handed: no compression to spend time on at either end. */
export function toPgm(width: number, height: number, pixels: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), pixels]);
}

/** The content hash of a page: its file's bytes, and which page of the file. */
export async function pageDigest(source: PageSource): Promise<string> {
  const data = await readImageFile(source.file);
  return createHash('sha256').update(data).update(`#${source.subpage}`).digest('hex');
}
