/**
 * The state of the copy and of the scan: what happens to a page between the typewriter and the image file.
 * A photocopy hardens the contrast and adds toner; a carbon copy spreads and greys every stroke; a grayscale
 * scan loses the colour that tells stamp ink from typing; a low-resolution scan loses detail.
 * Each step takes and returns a raw image at 300 dpi until the last, which resamples it.
 */
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import type { FacsimileStyle } from '../model.js';
import type { Rng } from './random.js';

export interface RawImage {
  data: Buffer;
  info: OutputInfo;
}

type Condition = Pick<FacsimileStyle, 'grayscale' | 'dpi' | 'copy'>;

/** The resolution pages are drawn at. */
export const DRAWN_DPI = 300;

const raw = (image: Sharp) => image.raw().toBuffer({ resolveWithObject: true });
const from = ({ data, info }: RawImage) => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });

/**
 * A photocopy of the 1940s–70s: paper burnt to white and strokes filled in (contrast × 1.6 about mid-grey),
 * fine detail softened, and toner specks where the drum was dirty.
 */
async function photocopy(image: RawImage, rng: Rng): Promise<RawImage> {
  const soft = await raw(from(image).blur(0.9));
  const hard = await raw(from(soft).linear(1.6, -0.6 * 200));
  const { data, info } = hard;
  const specks = rng.int(800, 1600);
  for (let n = 0; n < specks; n++) {
    const cx = rng.int(0, info.width - 1);
    const cy = rng.int(0, info.height - 1);
    const r = rng.range(0.8, 2.4);
    for (let y = Math.floor(cy - r); y <= cy + r; y++) {
      for (let x = Math.floor(cx - r); x <= cx + r; x++) {
        if (x < 0 || y < 0 || x >= info.width || y >= info.height || (x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        for (let c = 0; c < info.channels; c++) data[(y * info.width + x) * info.channels + c] = 40;
      }
    }
  }
  return hard;
}

/** A carbon copy: every stroke spread by the sheets above it (blur σ 1.5), and grey rather than black. */
async function carbon(image: RawImage): Promise<RawImage> {
  const spread = await raw(from(image).blur(1.5));
  return raw(from(spread).linear(0.72, 0.28 * 225));
}

export const isOriginalScan = (c: Condition) => !c.grayscale && c.dpi === DRAWN_DPI && c.copy === 'original';

/** Applies the copy, then the scan: grayscale and resolution. Returns the image to be encoded. */
export async function condition(image: RawImage, c: Condition, rng: Rng): Promise<RawImage> {
  let out = c.copy === 'photocopy' ? await photocopy(image, rng) : c.copy === 'carbon' ? await carbon(image) : image;
  if (c.grayscale) out = await raw(from(out).toColourspace('b-w'));
  if (c.dpi !== DRAWN_DPI) {
    const scale = c.dpi / DRAWN_DPI;
    out = await raw(from(out).resize(Math.round(out.info.width * scale), Math.round(out.info.height * scale), { kernel: 'lanczos3', fit: 'fill' }));
  }
  return out;
}
