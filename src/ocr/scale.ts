/**
 * The size of the typing on a page, and the scale at which tesseract reads it best. Pure.
 *
 * Scans come at every resolution: a despatch photographed at 300 dpi has letters about 20 pixels high, a
 * report scanned for the web at 96 dpi about 7. tesseract's LSTM reads small letters badly (at 96 dpi it
 * reads "The Experiences of Mrs. Johanna" as "The ixperiences of re. Johsnas"), and a filter sized for
 * 300 dpi erases their strokes. So the letters are measured first, and the page brought to the size at
 * which the project's pages read best, before anything else is done to it.
 */

/**
 * The x-height, in pixels, at which pages read best: that of a pica or elite typewriter at 300 dpi
 * (Courier's x-height is about 0.43 em: 12 pt at 300 dpi gives 21 px). Upsampling a 96 dpi report to it
 * took native tesseract's CER from 6.3% to 4.7%, and a 110 dpi letter's from 3.8% to 1.8% (BENCHMARKS.md).
 */
export const TARGET_X_HEIGHT = 22;
/**
 * A page is blown up when its letters are at most 1/UP of the target, and brought down when they are at
 * least 1/DOWN of it (a 600 dpi scan); in between it is read as it comes, since resampling costs time and
 * gains little. The bounds are wide because the x-height is measured to a pixel or two.
 */
const UP = 1.3;
const DOWN = 0.6;
/** Never blow a page up more than this (a thumbnail is not a scan), nor shrink it below this. */
const MOST = 4;
const LEAST = 0.5;
/** Blobs lower than this are dust: an x-height of 4 pixels is a page of about 50 dpi, which no reading mends. */
const SMALLEST = 5;
/** Fewer letter-sized blobs than this, and the page has too little typing to measure: it is read as it comes. */
const FEWEST = 50;

/**
 * The gray level halfway between the paper (the median pixel: typing covers far less than half a page) and
 * the ink (the darkest hundredth). Otsu's split is thrown by a scanner's black border, which it takes for
 * the ink and leaves the typing on the paper's side.
 */
export function inkThreshold(gray: Uint8Array): number {
  const at = grayQuantiles(gray);
  return Math.round((at(0.5) + at(0.01)) / 2);
}

/** The page's gray levels by rank: for a share q, the level that more than q of the pixels are at or below. */
export function grayQuantiles(gray: Uint8Array): (q: number) => number {
  const histogram = new Uint32Array(256);
  // An indexed loop: a typed array's iterator is several times slower on a page's millions of pixels.
  for (let i = 0; i < gray.length; i++) histogram[gray[i]!]!++;
  return (q) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) > gray.length * q) return v;
    return 255;
  };
}

/**
 * The x-height of the page's typing, in pixels: the most common height of the ink's connected blobs that
 * are shaped like letters. Lower-case letters without ascenders (a, c, e, m, n, o, r, s, u, v, w, x, z) are
 * the commonest blobs in any English text, so their height is the mode; stamps, rules, handwriting and
 * specks are too few, or the wrong shape, to move it. Undefined when the page has too little typing.
 */
export function xHeight(gray: Uint8Array, width: number, height: number): number | undefined {
  const heights = blobHeights(gray, width, height, inkThreshold(gray));
  const letters = heights.filter((h) => h >= SMALLEST && h <= height / 15);
  if (letters.length < FEWEST) return undefined;
  // The mode of the heights, each counting its neighbours within a tenth, so that a face whose x-height
  // falls between two whole pixels is not split in two.
  const weights = new Float64Array(Math.max(...letters) + 2);
  for (const h of letters) weights[h]!++;
  // The window holding most blobs wins, and its blobs' mean height is the answer (windows that overlap the
  // same heights tie, so the window's centre alone would lean to the smallest).
  let [mode, most] = [0, -1];
  for (let h = SMALLEST; h < weights.length; h++) {
    const reach = Math.max(1, Math.round(h / 10));
    let [around, sum] = [0, 0];
    for (let d = -reach; d <= reach; d++) {
      around += weights[h + d] ?? 0;
      sum += (h + d) * (weights[h + d] ?? 0);
    }
    if (around > most) [mode, most] = [Math.round(sum / around), around];
  }
  return mode;
}

/**
 * The heights of the connected blobs of ink (pixels darker than `threshold`, joined across edges and
 * corners) whose width is that of a letter or two: at most three times their height. Runs of ink are
 * labelled row by row and joined with a union-find, so the page is read once.
 */
export function blobHeights(gray: Uint8Array, width: number, height: number, threshold: number): number[] {
  const parent: number[] = [];
  const top: number[] = [];
  const bottom: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const find = (a: number) => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    parent[rb] = ra;
    top[ra] = Math.min(top[ra]!, top[rb]!);
    bottom[ra] = Math.max(bottom[ra]!, bottom[rb]!);
    left[ra] = Math.min(left[ra]!, left[rb]!);
    right[ra] = Math.max(right[ra]!, right[rb]!);
  };
  // The runs of the row above: start, end (exclusive) and label, flat.
  let previous: number[] = [];
  for (let y = 0; y < height; y++) {
    const current: number[] = [];
    const row = y * width;
    let k = 0;
    for (let x = 0; x < width; ) {
      if (gray[row + x]! >= threshold) {
        x++;
        continue;
      }
      const start = x;
      while (x < width && gray[row + x]! < threshold) x++;
      const label = parent.length;
      parent.push(label);
      top.push(y);
      bottom.push(y);
      left.push(start);
      right.push(x - 1);
      // Runs of the row above that touch this one, corners included.
      while (k < previous.length && previous[k + 1]! < start) k += 3;
      for (let j = k; j < previous.length && previous[j]! <= x; j += 3) union(previous[j + 2]!, label);
      current.push(start, x, label);
    }
    previous = current;
  }
  const heights: number[] = [];
  for (let a = 0; a < parent.length; a++) {
    if (parent[a] !== a) continue;
    const h = bottom[a]! - top[a]! + 1;
    const w = right[a]! - left[a]! + 1;
    if (w <= 3 * h) heights.push(h);
  }
  return heights;
}

/**
 * The factor by which to resample a page whose typing has this x-height, so that it reads at the target:
 * 1 when it is near enough, or unknown.
 */
export function scaleFor(x: number | undefined): number {
  if (x === undefined) return 1;
  const factor = TARGET_X_HEIGHT / x;
  if (factor < UP && factor > DOWN) return 1;
  return Math.min(MOST, Math.max(LEAST, Math.round(factor * 100) / 100));
}
