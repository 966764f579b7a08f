/**
 * Stamps in black or gray ink, found by form rather than colour. A typed letter is struck through a ribbon
 * onto the paper: every letter has a dark core, and its lighter pixels are the anti-aliased edge of that
 * core, a pixel or two away. A rubber stamp inks the paper evenly and lightly: its strokes are mid-gray all
 * through, far from any dark core. So ink that is neither dark nor near dark, where it lies in patches the size
 * of a stamp, is stamp ink, and is lifted to paper before OCR. Typing under the stamp keeps its cores and the
 * edges around them, so it stays whole.
 *
 * Faint typing, carbon copies and light pages must not be erased, so the lift is gated: the core is measured
 * against the page's own darkest ink, and a page whose darkest ink is light is left alone; core-less ink is
 * lifted only where it lies in patches the size of a stamp (a faint letter here and there does not make one),
 * and only patches that are mostly core-less (faint typing keeps cores among its faint letters); where much of
 * the page's ink is core-less, or the patches cover much of the page, the ink is the page's own, and nothing
 * is lifted. The thresholds below say what each separates, measured.
 */
import sharp from 'sharp';
import type { BBox } from '../model.js';
import { grayQuantiles } from './scale.js';
import { inkPatches } from './stamps.js';

/**
 * The page's darkest ink is the gray level that this share of its pixels is at or below: inside the strokes
 * of typing, which covers 2–10% of a typed page. Solid dark areas (a scanner's black border, a punched hole)
 * are not counted: a border would make the darkest 0 whatever the typing, and the core too dark for it.
 */
const DARKEST = 0.002;
/** Gray below which a pixel counts as dark when finding solid dark areas. */
const HALF = 128;
/** A dark pixel whose whole neighbourhood this many pixels out is dark lies in a solid area, not in a stroke. */
const SOLID = 6;
/**
 * A pixel is a dark core when it lies at least this far from the paper towards the page's darkest ink. On a
 * grayscale copy of 511's page 6 (paper 255, darkest 60 after balancing) that is 89: a tenth of the typing's
 * ink pixels are under 64, while the stamp's gray ink is almost never under 103 (its darkest hundredth). With
 * 0.8 and the darkest at 0.5% (core 105), the stamp's darker strokes counted as cores and stayed on the page
 * ("Bdge Ly 1a7c" read into the body): 1.87% body CER, against 0.34% with these.
 */
export const CORE_DEPTH = 0.85;
/**
 * A pixel is ink when it lies at least this far from the paper towards the darkest ink: lighter than that is
 * paper grain and the faint halo of a stroke.
 */
export const INK_DEPTH = 0.3;
/**
 * A pixel within this many pixels of a dark core is the edge of that core's letter, kept whatever its gray.
 * At the typing's best size (x-height 22 px, see scale.ts) a typed stroke is 3–4 px wide, so its edge is
 * 1–2 px from its core; 3 keeps a letter's lighter serifs too.
 */
export const CORE_REACH = 3;
/**
 * A page whose darkest ink is lighter than this (after balancing, paper 255) has no dark cores to go by: a
 * carbon copy, a faded page, a blank verso. The constructed carbon copy of fixtures/variety has its darkest
 * ink at about 148, and lifting its core-less typing took its body CER from 10.7% to 21.3%; typed pages with
 * a ribbon, real or constructed, have theirs at 0–66, and the gray stamp on 511's page 6 lies at 103 and over.
 */
const DARK_ENOUGH = 110;
/**
 * When patches of core-less ink cover more of the page than this, the core-less ink is the page's own (a
 * light or worn ribbon, a carbon copy, a blurred photocopy): nothing is lifted. A stamp covers a few percent.
 */
const STAMPED_SHARE = 0.2;
/**
 * Nor is anything lifted when more than this share of the page's ink is core-less: its typing has no dark
 * cores to go by (a low-resolution scan blown up, its strokes blurred: 39–61% on four pages of a 1938 letter
 * blown up 2.4 times, 77–90% on a report at 96 dpi blown up 3.1 times, all among the EHRI pages). On 511's page 6 in grayscale, with its
 * stamp, 9%; on the constructed pages of fixtures/variety 11–24%; on three other EHRI letters 3–15%.
 */
const CORELESS_SHARE = 0.3;

/**
 * A patch is a stamp's when at least this share of the ink in its box is core-less. A stamp's strokes are
 * core-less all through; a patch of faint typing is mostly typing whose edges lie a little beyond CORE_REACH
 * of its cores. Measured: the gray stamp of 511's page 6 in grayscale 0.49, and a rotated stamp in the margin
 * of a constructed despatch (fixtures/variety page 2) 0.49; patches of faint typing 0.08–0.15 on 511's lighter
 * pages 13½ and 15½ (lifting them took 511 from 0.05% to 0.38% body CER); on three 1938 letters among the EHRI
 * pages, blown up 1.5–1.8 times, 0.07–0.42 (lifting those at 0.28–0.32 on `EHRI-BF-19380810_EN_01` took
 * "Dear Mrs. Schmolka" away, 2.88% to 4.72%; at 0.40 and over, `EHRI-BF-19380718_EN_01` rose from 7.84% to
 * 8.47%); 0.14–0.24 on 511's colour page 6 once its violet stamp is lifted. Between them lie the stamps of the
 * constructed 200 dpi despatch (fixtures/variety page 1), 0.35–0.41, whose patches hold a faintly typed line
 * as well: lifting the 0.41 one erased that line (15.2% to 17.3%). The margin between faint typing (0.42) and
 * a stamp (0.49) is thin.
 */
const STAMP_BARE = 0.45;

/**
 * A patch no taller than this is a line of typing, not a stamp: on a page at the x-height tesseract reads best
 * (22 px), a typed line's ink is about 44 px high and a patch's box adds three 16-px cells about it, about 92 px;
 * two lines of a stamp, or its frame, reach 140. A run of words typed with a worn ribbon on a constructed
 * despatch the thresholds above were not measured on (878 at 200 dpi, seed 4273) was lifted away, "tell
 * Department of the", as a patch one line high.
 */
const STAMP_HEIGHT = 140;

/** What was lifted, and the evidence: the gray levels that divided core, ink and paper. */
export interface Lift {
  /** Boxes of the patches of core-less ink that were lifted, on the page as handed in. */
  regions: BBox[];
  /** Gray at or above which a pixel was not a core, and below which it was ink. */
  core: number;
  ink: number;
  /** The share of the page's ink that lay far from any core, and the pixels lifted to paper. */
  bare: number;
  lifted: number;
}

/** The page's dark cores: the gray levels that divide core, ink and paper, and which pixels lie near a core. */
interface Cores {
  paper: number;
  core: number;
  ink: number;
  /** 0 where a dark core lies within CORE_REACH, 255 elsewhere. */
  near: Buffer;
}

/** Measures the page's dark cores; undefined for a page with no typing to measure them by. */
async function darkCores(gray: Uint8Array, width: number, height: number): Promise<Cores | undefined> {
  const dark = Buffer.alloc(width * height);
  for (let i = 0; i < gray.length; i++) dark[i] = gray[i]! < HALF ? 0 : 255;
  // libvips' erode shrinks the black: what is left black is black SOLID pixels all round.
  const solid = await sharp(dark, { raw: { width, height, channels: 1 } }).erode(SOLID).toColourspace('b-w').raw().toBuffer();
  const paper = grayQuantiles(gray)(0.5);
  const histogram = new Uint32Array(256);
  let count = 0;
  for (let i = 0; i < gray.length; i++) {
    if (gray[i]! < HALF && solid[i] === 0) continue;
    histogram[gray[i]!]!++;
    count++;
  }
  let darkest = paper;
  for (let v = 0, seen = 0; v < 256; v++) {
    if ((seen += histogram[v]!) <= count * DARKEST) continue;
    darkest = v;
    break;
  }
  if (darkest > DARK_ENOUGH) return undefined;
  const core = Math.round(paper - CORE_DEPTH * (paper - darkest));
  const ink = Math.round(paper - INK_DEPTH * (paper - darkest));
  // Cores as black on white, grown by CORE_REACH (libvips' dilate grows the black): black where a core is near.
  const cores = Buffer.alloc(width * height);
  for (let i = 0; i < gray.length; i++) cores[i] = gray[i]! < core ? 0 : 255;
  const near = await sharp(cores, { raw: { width, height, channels: 1 } }).dilate(CORE_REACH).toColourspace('b-w').raw().toBuffer();
  return { paper, core, ink, near };
}

/**
 * Lifts gray stamp ink to paper, in place: pixels of ink that are no dark core and lie more than CORE_REACH from
 * one, inside patches of such ink. `gray` is the page balanced against its paper (255), typing at the size
 * tesseract reads best.
 */
export async function liftCorelessInk(gray: Uint8Array, width: number, height: number): Promise<Lift> {
  const cores = await darkCores(gray, width, height);
  if (!cores) return { regions: [], core: 0, ink: 0, bare: 0, lifted: 0 };
  const { paper, core, ink, near } = cores;
  const coreless = (i: number) => gray[i]! < ink && near[i] !== 0;
  const bareShare = ([x0, y0, x1, y1]: BBox) => {
    let [all, far] = [0, 0];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = y * width + x;
        if (gray[i]! >= ink) continue;
        all++;
        if (near[i] !== 0) far++;
      }
    }
    return far / Math.max(1, all);
  };
  let [inked, bare] = [0, 0];
  for (let i = 0; i < gray.length; i++) {
    if (gray[i]! >= ink) continue;
    inked++;
    if (near[i] !== 0) bare++;
  }
  const found = bare > CORELESS_SHARE * inked ? [] : inkPatches(width, height, coreless).filter((box) => box[3] - box[1] >= STAMP_HEIGHT && bareShare(box) >= STAMP_BARE);
  const covered = found.reduce((sum, [x0, y0, x1, y1]) => sum + (x1 - x0) * (y1 - y0), 0);
  const regions = covered > STAMPED_SHARE * width * height ? [] : found;
  let lifted = 0;
  for (const [x0, y0, x1, y1] of regions) {
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = y * width + x;
        if (!coreless(i)) continue;
        gray[i] = paper;
        lifted++;
      }
    }
  }
  return { regions, core, ink, bare: Math.round((bare / Math.max(1, inked)) * 1000) / 1000, lifted };
}

/**
 * How much each pixel was lifted as coloured ink, but none near a dark core: what is left is a stamp's own
 * ink. JPEG keeps colour at half resolution, so the anti-aliased edge of every typed letter takes a fringe of
 * the paper's colour; at 200 dpi these fringes fill whole cells and join the typing into "patches" over half
 * the page (a 200 dpi copy of 511's page 6: patches over 37–50% of it, against 3% at 300 dpi), and the page
 * was taken for colour all over. Without the fringes the stamp alone is found, at either resolution.
 */
export async function awayFromCores(luma: Uint8Array, lifts: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const cores = await darkCores(luma, width, height);
  if (!cores) return lifts;
  // A plain loop: Uint8Array.from with a mapping function goes through the iterator, about 0.7 s a page.
  const { near } = cores;
  const away = new Uint8Array(lifts.length);
  for (let i = 0; i < lifts.length; i++) away[i] = near[i] === 0 ? 0 : lifts[i]!;
  return away;
}
