/**
 * Stamps: where the coloured ink lies on a page, and an image of one stamp's ink alone, for reading it
 * apart from the typing it covers.
 */
import sharp from 'sharp';
import { cellPatches } from '../geometry.js';
import type { BBox } from '../model.js';
import { awayFromCores } from './lift.js';
import { COLOURED, INK, STAMP_DARKEST, toPgm, type Prepared } from './prepare.js';

const CELL = 16;
/** A cell holds stamp ink when at least this many of its 256 pixels are stamp ink; fewer are specks or fringes. */
const CELL_INKED = 6;
/** A patch is a stamp when it spans at least this many inked cells, and its box is at least this wide and tall. */
const PATCH_CELLS = 30;
const PATCH_WIDTH = 160;
const PATCH_HEIGHT = 48;

/**
 * How far a stamp's box reaches past the patch of its ink found away from the typing: where the stamp crosses
 * a typed line its ink lies near the typing's cores and is not counted, and the box would stop short of it. A
 * line pitch and a little more at 300 dpi; on 511's page 6 the box otherwise lost the stamp's first line
 * ("DECLASSIFIED", over "germs of creeping"), 64 px, and its reading lost the stamp's words.
 */
const STAMP_MARGIN = 64;

/**
 * The boxes of coloured ink on the page, as scanned: the pixels lifted as stamp ink, gathered into patches
 * (`inkPatches`). `lifts` may leave out ink near the typing (`awayFromCores`); the boxes then reach
 * STAMP_MARGIN further.
 */
export function stampRegions(prepared: Pick<Prepared, 'width' | 'height' | 'luma' | 'lifts'>, margin = 0): BBox[] {
  const { width, height, luma, lifts } = prepared;
  return inkPatches(width, height, (i) => lifts[i]! >= COLOURED && luma[i]! >= STAMP_DARKEST && luma[i]! < INK).map(([x0, y0, x1, y1]) => [
    Math.max(0, x0 - margin),
    Math.max(0, y0 - margin),
    Math.min(width, x1 + margin),
    Math.min(height, y1 + margin),
  ]);
}

/** The stamps in coloured ink: patches of it away from the typing's JPEG colour fringes (`awayFromCores`). */
export async function colourStamps(prepared: Pick<Prepared, 'width' | 'height' | 'luma' | 'lifts'>): Promise<BBox[]> {
  const { width, height, luma, lifts } = prepared;
  return stampRegions({ width, height, luma, lifts: await awayFromCores(luma, lifts, width, height) }, STAMP_MARGIN);
}

/**
 * Where the pixels that `isStampInk` picks lie in patches: gathered on a grid of 16-pixel cells and joined
 * where they lie within two cells of each other. Specks and lone marks are dropped; a patch must be the size
 * of a stamp (at 300 dpi, or on a page rescaled to the typing's best size).
 */
export function inkPatches(width: number, height: number, isStampInk: (i: number) => boolean): BBox[] {
  const columns = Math.ceil(width / CELL);
  const rows = Math.ceil(height / CELL);
  const counts = new Uint16Array(columns * rows);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (isStampInk(y * width + x)) counts[Math.floor(y / CELL) * columns + Math.floor(x / CELL)]!++;
    }
  }
  const regions: BBox[] = [];
  for (const { x0, y0, x1, y1, cells } of cellPatches(columns, rows, (c) => counts[c]! >= CELL_INKED, 2)) {
    const box: BBox = [Math.max(0, x0 * CELL - CELL), Math.max(0, y0 * CELL - CELL), Math.min(width, (x1 + 2) * CELL), Math.min(height, (y1 + 2) * CELL)];
    if (cells >= PATCH_CELLS && box[2] - box[0] >= PATCH_WIDTH && box[3] - box[1] >= PATCH_HEIGHT) regions.push(box);
  }
  return regions;
}

/** A stamp's box as an image of its coloured ink alone: typing under it is blanked, so only the stamp is read. */
export async function stampImage(prepared: Prepared, [x0, y0, x1, y1]: BBox): Promise<Buffer> {
  const [width, height] = [x1 - x0, y1 - y0];
  const pixels = Buffer.alloc(width * height, 255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y + y0) * prepared.width + x + x0;
      if (prepared.lifts[i]! >= COLOURED / 2 && prepared.luma[i]! >= STAMP_DARKEST - 15) pixels[y * width + x] = Math.max(0, Math.round((prepared.luma[i]! - 90) * 2.5));
    }
  }
  const flat = await sharp(pixels, { raw: { width, height, channels: 1 } }).median(3).toColourspace('b-w').raw().toBuffer();
  return toPgm(width, height, flat);
}
