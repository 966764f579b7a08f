/**
 * A document's pages: the image files of a scans folder in natural order, each page labelled from the
 * folder's manifest when there is one, otherwise from its file name, and selected by a `--pages` range.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { naturalCompare, readJsonIfPresent, reason, shown } from './files.js';
import { Manifest, type PageSource } from './model.js';
import { probe } from './ocr/image.js';

export const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.pdf']);

/** "page-07.jpg" → "7", "p13½.png" → "13½", the third page of "scan.tif" → "scan-3"; otherwise the file's stem. */
export function labelFromFile(file: string, subpage: number, subpages: number): string {
  const stem = path.basename(file, path.extname(file));
  const base = /(?:^|\D)0*(\d+(?:½|\.5)?)[a-z]?$/i.exec(stem)?.[1] ?? stem;
  return subpages > 1 ? `${base}-${subpage + 1}` : base;
}

const readManifest = (dir: string): Promise<Manifest | undefined> => readJsonIfPresent(path.join(dir, 'manifest.json'), Manifest, 'the scans manifest');

/**
 * The pages of a scans folder, in natural order. Every image's header is read first, so a file that is
 * empty, not an image or too large is refused before any OCR starts.
 */
export async function listPages(dir: string): Promise<PageSource[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    throw new InputError(`${shown(dir)}: cannot read the scans folder: ${reason(error)}`);
  }
  const files = names.filter((name) => IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase())).sort(naturalCompare);
  if (files.length === 0) throw new InputError(`${shown(dir)}: no page images (PNG, JPEG, TIFF or PDF) in the scans folder`);
  const manifest = await readManifest(dir);
  const labels = new Map(manifest?.pages.map((page) => [page.file, page.label]));
  const counts = await Promise.all(files.map((name) => probe(path.join(dir, name))));
  return files
    .flatMap((name, i) =>
      Array.from({ length: counts[i]! }, (_, subpage) => ({
        file: path.join(dir, name),
      subpage,
      subpages: counts[i]!,
        label: (counts[i] === 1 ? labels.get(name) : undefined) ?? labelFromFile(name, subpage, counts[i]!),
      })),
    )
    .map((page, i) => ({ position: i + 1, ...page }));
}

/**
 * Parses a page range such as "3", "3-7" or "1-3,9" into 1-based positions, in order, without repeats.
 * A position beyond the document is a usage error.
 */
export function parseRange(spec: string, count: number): number[] {
  const positions = new Set<number>();
  for (const part of spec.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!match) throw new InputError(`--pages "${spec}": "${part}" is not a page or a range (examples: 3, 3-7, 1-3,9)`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from < 1 || to < from) throw new InputError(`--pages "${spec}": "${part.trim()}" is not a range of pages counted from 1`);
    if (to > count) throw new InputError(`--pages "${spec}": the document has ${count} page${count === 1 ? '' : 's'}, so page ${to} does not exist`);
    for (let n = from; n <= to; n++) positions.add(n);
  }
  return [...positions].sort((a, b) => a - b);
}

/** The pages a range selects; all of them without one. */
export function selectPages<T>(pages: readonly T[], spec: string | undefined): T[] {
  if (spec === undefined) return [...pages];
  return parseRange(spec, pages.length).map((n) => pages[n - 1]!);
}
