/**
 * Preparing a page for OCR: balanced against its paper, stamp ink lifted out, contrast stretched, specks
 * filtered, and the text levelled. Also the measures of the ink that stripping uses: how surely a word's
 * ink is stamp ink, and where the stamps lie.
 */
import sharp from 'sharp';
import type { BBox, PreprocessOptions } from '../model.js';
import { toPgm, type Raster } from './image.js';
import { liftCorelessInk } from './lift.js';
import { grayQuantiles, scaleFor, xHeight } from './scale.js';
import { colourStamps } from './stamps.js';

/** The paper's colour: the 90th percentile of each channel, which on a page of text is bare paper. */
function paperColour(raster: Raster): [number, number, number] {
  const histograms = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  for (let p = 0; p < raster.data.length; p += 3 * 7) for (let c = 0; c < 3; c++) histograms[c]![raster.data[p + c]!]!++;
  return histograms.map((histogram) => {
    const total = histogram.reduce((a, b) => a + b, 0);
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) >= total * 0.9) return Math.max(v, 64);
    return 255;
  }) as [number, number, number];
}

/**
 * Turns a colour page into the grayscale image tesseract reads best.
 *
 * Stamp ink is suppressed by where it is, not pixel by pixel: JPEG keeps colour only at low resolution, so
 * a thin violet stroke's own pixels look almost gray. The page is first balanced against its paper, so
 * typing (paper-coloured ink) is neutral; the chroma left over is blurred into a map of where coloured ink
 * lies, and pixels there are lightened in proportion. Black typing under a stamp is far darker than the
 * stamp's ink, so it stays dark while the stamp fades to paper.
 */
export async function preprocess(scanned: Raster, options: PreprocessOptions): Promise<Prepared> {
  const scale = options.rescale ? await typingScale(scanned) : 1;
  const raster = scale === 1 ? scanned : await resample(scanned, scale);
  const { width, height } = raster;
  const [pr, pg, pb] = paperColour(raster);
  // Each channel balanced against its paper, by table: a pixel's value is looked up, not computed.
  const balance = (paper: number) => Float64Array.from({ length: 256 }, (_, v) => Math.min(255, (v * 255) / paper));
  const [tr, tg, tb] = [balance(pr), balance(pg), balance(pb)];
  const gray = Buffer.allocUnsafe(width * height);
  const chroma = Buffer.allocUnsafe(width * height);
  const data = raster.data;
  for (let i = 0, p = 0; i < gray.length; i++, p += 3) {
    const r = tr[data[p]!]!;
    const g = tg[data[p + 1]!]!;
    const b = tb[data[p + 2]!]!;
    gray[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    chroma[i] = (r > g ? (r > b ? r : b) : g > b ? g : b) - (r < g ? (r < b ? r : b) : g < b ? g : b);
  }
  const spread = await sharp(chroma, { raw: { width, height, channels: 1 } }).blur(COLOUR_BLUR).toColourspace('b-w').raw().toBuffer();
  const luma = Buffer.from(gray);
  const lifts = Buffer.allocUnsafe(width * height);
  const lift = Uint8Array.from({ length: 256 }, (_, v) => Math.min(COLOUR_LIFT_MAX, COLOUR_GAIN * Math.max(0, v - COLOUR_FLOOR)));
  for (let i = 0; i < gray.length; i++) lifts[i] = lift[spread[i]!]!;
  // Colour is a stamp's only where it lies in patches. Where it is all over the page (a photograph's colour
  // fringes on every letter, a carbon copy's blue typing), it is the typing's, and lifting it would erase the
  // text: the page is read without lifting, and nothing on it counts as coloured.
  const found = await colourStamps({ width, height, luma, lifts });
  const stamped = inPatches(found, width, height);
  if (!stamped) lifts.fill(0);
  if (options.suppressColour) {
    for (let i = 0; i < gray.length; i++) {
      const v = gray[i]! + lifts[i]!;
      gray[i] = v > 255 ? 255 : v;
    }
    restoreCrossings(gray, luma, lifts, width, height);
    await liftCorelessInk(gray, width, height);
  }
  if (options.normalize) stretch(gray);
  let image = sharp(gray, { raw: { width, height, channels: 1 } });
  // A bilevel scan (thresholded by its scanner, as NARA's microfilm pages are) has no grain to filter: its
  // specks are the scanner's decision, and a median filter only eats its thin strokes.
  const filtered = options.despeckle > 0 && !bilevel(gray);
  if (filtered && options.despeckle === 3) image = sharp(median3(gray, width, height), { raw: { width, height, channels: 1 } });
  else if (filtered) image = image.median(options.despeckle);
  const skew = options.deskew ? await measureSkew(gray, width, height) : 0;
  if (skew !== 0) image = sharp(await image.toColourspace('b-w').raw().toBuffer(), { raw: { width, height, channels: 1 } }).rotate(skew, { background: '#ffffff' });
  const { data: pixels, info } = await image.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const pgm = toPgm(info.width, info.height, pixels);
  return { pgm, levelled: pgm.subarray(pgm.length - pixels.length), luma, lifts, width, height, skew, rotatedWidth: info.width, rotatedHeight: info.height, scale, stamps: stamped ? found : [] };
}

/**
 * At most this share of a page lies in patches of coloured ink when the colour is stamps'. On the project's
 * facsimiles the stamps cover under 4% of a page; on a 96 dpi colour photograph of a typed report, JPEG's
 * colour fringes join into "patches" covering the whole page.
 */
const STAMPED_SHARE = 0.25;

/** Whether the page's patches of coloured ink are stamps, not colour all over it. */
function inPatches(regions: readonly BBox[], width: number, height: number): boolean {
  const covered = regions.reduce((sum, [x0, y0, x1, y1]) => sum + (x1 - x0) * (y1 - y0), 0);
  return covered <= STAMPED_SHARE * width * height;
}

/**
 * A bilevel page has fewer midtones than this: on NARA's despatch scans none, on a photograph or a grayscale
 * scan of paper, with its grain, 1.5–7%. With the median filter, body CER on two such despatch pages rose
 * from 3.0% and 1.0% to 7.0% and 2.2%; on the project's facsimiles, without it, from 0.06% to 1.1%.
 */
const BILEVEL_MIDTONES = 0.005;

/** Whether a page holds almost only black and white: its midtones (100–199) under BILEVEL_MIDTONES. */
export function bilevel(gray: Uint8Array): boolean {
  let midtones = 0;
  for (let i = 0; i < gray.length; i += 7) if (gray[i]! >= 100 && gray[i]! < 200) midtones++;
  return midtones < (BILEVEL_MIDTONES * gray.length) / 7;
}

/** Pages wider than this are measured at half size: their letters are large enough to measure there. */
const MEASURE_HALF = 1600;

/** The factor that brings the page's typing to the x-height tesseract reads best (see scale.ts). */
async function typingScale(raster: Raster): Promise<number> {
  const half = raster.width > MEASURE_HALF ? 2 : 1;
  const { data, info } = await sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } })
    .greyscale()
    .resize(Math.round(raster.width / half))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const x = xHeight(data, info.width, info.height);
  return scaleFor(x === undefined ? undefined : x * half);
}

/** The page resampled by `scale` (Lanczos, which keeps a stroke's edges where bilinear blurs them). */
async function resample(raster: Raster, scale: number): Promise<Raster> {
  const { data, info } = await sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } })
    .resize(Math.round(raster.width * scale), Math.round(raster.height * scale), { kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A box on the resampled page, on the page as scanned. */
export function unscale([x0, y0, x1, y1]: BBox, scale: number): BBox {
  if (scale === 1) return [x0, y0, x1, y1];
  return [Math.floor(x0 / scale), Math.floor(y0 / scale), Math.ceil(x1 / scale), Math.ceil(y1 / scale)];
}

export { toPgm };

/**
 * Gives back the strokes of typing that a stamp's rule crossed. Lifting clears a rule (a stamp's border, or
 * a line struck through), and with it the part of each typed letter under the rule, so "of" struck through
 * reads "cf". A pixel of a rule, lifted and dark, is given back its darkness when the stroke goes on across
 * the rule: walking out of the lifted band (up and down for a level rule, left and right for an upright
 * one, at most RULE_REACH pixels) comes out on typing on both sides. Inside a letter's bowl the walk comes out
 * on paper; a stamp's lettering is not a rule, so it stays lifted.
 */
export function restoreCrossings(gray: Uint8Array, luma: Uint8Array, lifts: Uint8Array, width: number, height: number): void {
  const lifted = (i: number) => lifts[i]! >= RULE_LIFT;
  const typing = (i: number) => luma[i]! < INK && lifts[i]! < RULE_LIFT;
  const exits = (i: number, step: number) => {
    for (let d = 1; d <= RULE_REACH; d++) {
      const j = i + d * step;
      if (!lifted(j)) return typing(j);
    }
    return false;
  };
  // Only the rows from the first to the last that hold a lifted pixel can hold a rule; on a page without
  // stamps there are none, and nothing more is done.
  let [top, bottom] = [height, -1];
  for (let i = 0; i < lifts.length; i++) {
    if (lifts[i]! < RULE_LIFT) continue;
    top = Math.min(top, Math.floor(i / width));
    bottom = Math.floor(i / width);
  }
  if (bottom < 0) return;
  // The rules: runs of lifted pixels at least RULE_LENGTH long, level (bit 1) and upright (bit 2). One pass
  // in reading order, counting each row's run and each column's run as it goes.
  const rule = new Uint8Array(width * height);
  const column = new Int32Array(width);
  for (let y = top; y <= bottom + 1; y++) {
    let row = 0;
    for (let x = 0; x <= width; x++) {
      const i = y * width + x;
      const on = y < height && x < width && lifts[i]! >= RULE_LIFT;
      if (on) row++;
      else if (row > 0) {
        if (row >= RULE_LENGTH) for (let k = i - row; k < i; k++) rule[k]! |= 1;
        row = 0;
      }
      if (x === width) continue;
      if (on) column[x]!++;
      else if (column[x]! > 0) {
        if (column[x]! >= RULE_LENGTH) for (let k = i - width; k >= i - column[x]! * width; k -= width) rule[k]! |= 2;
        column[x] = 0;
      }
    }
  }
  // What is tested reads luma and lifts only, so gray can be written as we go.
  for (let y = Math.max(RULE_REACH, top); y < Math.min(height - RULE_REACH, bottom + 1); y++) {
    for (let x = RULE_REACH; x < width - RULE_REACH; x++) {
      const i = y * width + x;
      if (rule[i] === 0 || luma[i]! >= INK) continue;
      if ((rule[i]! & 1 && exits(i, -width) && exits(i, width)) || (rule[i]! & 2 && exits(i, -1) && exits(i, 1))) gray[i] = luma[i]!;
    }
  }
}

/**
 * The 3 × 3 median of a grayscale image, edges repeated: the same pixels as sharp's `median(3)`, in half its
 * time on a page (0.09 s against 0.18 s of CPU on a 2550 × 3300 facsimile), since libvips sorts each window
 * where this takes the median of nine from three sorted columns of three (the median of the columns' lows'
 * highest, their middles' median and their highs' lowest).
 */
export function median3(src: Uint8Array, width: number, height: number): Buffer {
  const out = Buffer.allocUnsafe(width * height);
  const lo = new Uint8Array(width);
  const mid = new Uint8Array(width);
  const hi = new Uint8Array(width);
  // Plain comparisons and swaps: destructuring and Math.max of three cost a third more here.
  const max3 = (a: number, b: number, c: number) => (a > b ? (a > c ? a : c) : b > c ? b : c);
  const min3 = (a: number, b: number, c: number) => (a < b ? (a < c ? a : c) : b < c ? b : c);
  const median = (a: number, b: number, c: number) => (a > b ? (b > c ? b : a > c ? c : a) : a > c ? a : b > c ? c : b);
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : 0) * width;
    const row = y * width;
    const down = (y < height - 1 ? y + 1 : y) * width;
    // Each column's three pixels, sorted.
    for (let x = 0; x < width; x++) {
      let a = src[up + x]!;
      let b = src[row + x]!;
      let c = src[down + x]!;
      let t: number;
      if (a > b) {
        t = a;
        a = b;
        b = t;
      }
      if (b > c) {
        t = b;
        b = c;
        c = t;
      }
      if (a > b) {
        t = a;
        a = b;
        b = t;
      }
      lo[x] = a;
      mid[x] = b;
      hi[x] = c;
    }
    for (let x = 0; x < width; x++) {
      const l = x > 0 ? x - 1 : 0;
      const r = x < width - 1 ? x + 1 : x;
      out[row + x] = median(max3(lo[l]!, lo[x]!, lo[r]!), median(mid[l]!, mid[x]!, mid[r]!), min3(hi[l]!, hi[x]!, hi[r]!));
    }
  }
  return out;
}

/** Stretches contrast in place so the 1st percentile becomes black and the 99th white (sharp's normalise, ten times faster here). */
function stretch(gray: Uint8Array): void {
  const at = grayQuantiles(gray);
  const [lo, hi] = [at(0.01), at(0.99)];
  if (hi <= lo) return;
  const table = Uint8Array.from({ length: 256 }, (_, v) => Math.max(0, Math.min(255, Math.round(((v - lo) * 255) / (hi - lo)))));
  for (let i = 0; i < gray.length; i++) gray[i] = table[gray[i]!]!;
}
const SKEW_LIMIT = 4;
const SKEW_STEP = 0.05;
const SKEW_SCALE = 4;

/**
 * The page's skew in degrees, by projection profiles: the angle at which the rows of ink, projected
 * sideways, are sharpest (their counts' sum of squares is largest). Measured on a quarter-size copy.
 * Turning the page by this angle levels its lines.
 */
export async function measureSkew(gray: Uint8Array, width: number, height: number): Promise<number> {
  const { data, info } = await sharp(gray, { raw: { width, height, channels: 1 } })
    .resize(Math.round(width / SKEW_SCALE))
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[y * info.width + x]! < 128) {
        xs.push(x - info.width / 2);
        ys.push(y - info.height / 2);
      }
    }
  }
  if (xs.length < 200) return 0;
  const rows = new Float64Array(info.height * 2);
  const sharpness = (angle: number) => {
    const t = (angle * Math.PI) / 180;
    const [sin, cos] = [Math.sin(t), Math.cos(t)];
    rows.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const row = Math.round(xs[i]! * sin + ys[i]! * cos + info.height);
      if (row >= 0 && row < rows.length) rows[row]!++;
    }
    let score = 0;
    for (const count of rows) score += count * count;
    return score;
  };
  // Coarse to fine: every half degree, then every SKEW_STEP around the best.
  const search = (from: number, to: number, step: number) => {
    let best = { angle: 0, score: -1 };
    for (let angle = from; angle <= to + 1e-9; angle += step) {
      const score = sharpness(angle);
      if (score > best.score) best = { angle, score };
    }
    return best.angle;
  };
  const coarse = search(-SKEW_LIMIT, SKEW_LIMIT, 0.5);
  const angle = search(coarse - 0.5, coarse + 0.5, SKEW_STEP);
  return Math.abs(angle) < SKEW_STEP / 2 ? 0 : Math.round(angle * 100) / 100;
}

/** Maps a box found on the levelled image back to the page image as scanned. */
export function unrotate([x0, y0, x1, y1]: BBox, prepared: Pick<Prepared, 'skew' | 'width' | 'height' | 'rotatedWidth' | 'rotatedHeight'>): BBox {
  if (prepared.skew === 0) return [x0, y0, x1, y1];
  const t = (prepared.skew * Math.PI) / 180;
  const [sin, cos] = [Math.sin(t), Math.cos(t)];
  const corners = [
    [x0, y0],
    [x1, y0],
    [x0, y1],
    [x1, y1],
  ].map(([x, y]) => {
    const dx = x! - prepared.rotatedWidth / 2;
    const dy = y! - prepared.rotatedHeight / 2;
    return [dx * cos + dy * sin + prepared.width / 2, -dx * sin + dy * cos + prepared.height / 2] as const;
  });
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));
  return [
    clamp(Math.min(...corners.map((c) => c[0])), prepared.width),
    clamp(Math.min(...corners.map((c) => c[1])), prepared.height),
    clamp(Math.max(...corners.map((c) => c[0])), prepared.width),
    clamp(Math.max(...corners.map((c) => c[1])), prepared.height),
  ];
}

/**
 * The page ready for OCR, levelled, with its balanced luma and how much each pixel was lifted as coloured
 * ink (both as scanned, not levelled).
 */
export interface Prepared {
  /** The levelled grayscale page as a binary PGM image. */
  pgm: Buffer;
  /** Its pixels, row by row, rotatedWidth to a row: a view into pgm. */
  levelled: Buffer;
  luma: Uint8Array;
  lifts: Uint8Array;
  width: number;
  height: number;
  /** Degrees the page was turned to level its lines; 0 when it was not turned. */
  skew: number;
  rotatedWidth: number;
  rotatedHeight: number;
  /**
   * How the page was resampled before anything else, so that its typing has the x-height tesseract reads
   * best; 1 when it was read as it came. width, height, luma, lifts and every box found are on the
   * resampled page until `unscale` puts them on the page as scanned.
   */
  scale: number;
  /** The stamps in coloured ink, found once here (`colourStamps`): none where colour lies all over the page. */
  stamps: BBox[];
}

/**
 * How surely the ink inside a box is stamp ink, 0–1. Stamp ink is light and coloured: even its darkest
 * tenth is lighter than typing's, and it was lifted as coloured. Typing over a stamp keeps its dark
 * strokes, so it reads 0 however much stamp ink crosses it.
 */
export function colourShare(prepared: Prepared, [x0, y0, x1, y1]: BBox): number {
  const darkness = new Uint32Array(256);
  const lifted = new Uint32Array(256);
  let inked = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * prepared.width + x;
      const luma = prepared.luma[i] ?? 255;
      if (luma >= INK) continue;
      inked++;
      darkness[luma]!++;
      lifted[prepared.lifts[i] ?? 0]!++;
    }
  }
  if (inked === 0) return 0;
  const quantile = (histogram: Uint32Array, q: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) > inked * q) return v;
    return 255;
  };
  if (quantile(darkness, 0.1) < STAMP_DARKEST) return 0;
  return Math.min(1, Math.round((quantile(lifted, 0.5) / COLOURED) * 100) / 100);
}

/** Balanced luma below which a pixel is ink. */
export const INK = 170;
/** Median lift at which ink is surely coloured. */
export const COLOURED = 16;
/** Balanced luma of the darkest tenth of stamp ink; typing's is darker. */
export const STAMP_DARKEST = 100;
const COLOUR_BLUR = 0.8;
const COLOUR_FLOOR = 8;
const COLOUR_GAIN = 12;
const COLOUR_LIFT_MAX = 160;
/**
 * A stamp's rule, at 300 dpi: pixels lifted at least RULE_LIFT in a straight run at least RULE_LENGTH long;
 * a typed stroke crosses it when typing lies within RULE_REACH on both sides. Chosen with `collate eval`:
 * the rule across "germs of creeping" on 511's page 6 no longer reads "cf", and nothing else changes.
 */
export const RULE_LIFT = 40;
export const RULE_LENGTH = 60;
export const RULE_REACH = 6;
