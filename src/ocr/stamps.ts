/**
 * Stamps: where the coloured ink lies on a page, and an image of one stamp's ink alone, for reading it
 * apart from the typing it covers.
 */
import sharp from 'sharp';
import type { BBox } from '../model.js';
import { COLOURED, INK, STAMP_DARKEST, toPgm, type Prepared } from './prepare.js';

const CELL = 16;

/**
 * The boxes of coloured ink on the page, as scanned: the pixels lifted as stamp ink, gathered on a grid
 * of 16-pixel cells and joined where they lie within two cells of each other. Specks are dropped.
 */
export function stampRegions(prepared: Pick<Prepared, 'width' | 'height' | 'luma' | 'lifts'>): BBox[] {
  const columns = Math.ceil(prepared.width / CELL);
  const rows = Math.ceil(prepared.height / CELL);
  const counts = new Uint16Array(columns * rows);
  const { width, lifts, luma } = prepared;
  for (let i = 0; i < lifts.length; i++) {
    if (lifts[i]! < COLOURED || luma[i]! < STAMP_DARKEST || luma[i]! >= INK) continue;
    const [x, y] = [i % width, Math.floor(i / width)];
    counts[Math.floor(y / CELL) * columns + Math.floor(x / CELL)]!++;
  }
  const inked = (c: number) => counts[c]! >= 6;
  const seen = new Uint8Array(columns * rows);
  const regions: BBox[] = [];
  for (let start = 0; start < counts.length; start++) {
    if (seen[start] || !inked(start)) continue;
    const stack = [start];
    seen[start] = 1;
    let [x0, y0, x1, y1, cells] = [columns, rows, 0, 0, 0];
    while (stack.length > 0) {
      const c = stack.pop()!;
      const [cx, cy] = [c % columns, Math.floor(c / columns)];
      [x0, y0, x1, y1, cells] = [Math.min(x0, cx), Math.min(y0, cy), Math.max(x1, cx), Math.max(y1, cy), cells + 1];
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const [nx, ny] = [cx + dx, cy + dy];
          const n = ny * columns + nx;
          if (nx < 0 || ny < 0 || nx >= columns || ny >= rows || seen[n] || !inked(n)) continue;
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    const box: BBox = [Math.max(0, x0 * CELL - CELL), Math.max(0, y0 * CELL - CELL), Math.min(prepared.width, (x1 + 2) * CELL), Math.min(prepared.height, (y1 + 2) * CELL)];
    if (cells >= 30 && box[2] - box[0] >= 160 && box[3] - box[1] >= 48) regions.push(box);
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
