/**
 * Facsimile painting: turns a page layout into a JPEG that looks like a scanned 1946 telegram.
 * The only facsimile module that touches sharp. Fonts come from npm packages, never the system.
 *
 * Typed text is drawn glyph by glyph from an atlas, so each strike can vary in ink and sit a little
 * off the baseline. Printed form text, stamps and handwriting are rendered by sharp (Pango) from the
 * packaged font files and composited with a multiply blend, as ink on paper.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { BBox, FacsimileStyle, RenderedRegion } from '../model.js';
import { condition, DRAWN_DPI, isOriginalScan } from './condition.js';
import { ADVANCE, TYPE_SIZE_PT, type Element, type HandRun, type PageLayout, type PrintedRun, type Stamp, type TypedRun } from './layout.js';
import type { Rng } from './random.js';

const require = createRequire(import.meta.url);
const fontFile = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

export const FONTS = {
  typewriter: { family: 'Courier Prime', file: fontFile('@expo-google-fonts/courier-prime', '400Regular/CourierPrime_400Regular.ttf') },
  stamp: { family: 'Special Elite', file: fontFile('@expo-google-fonts/special-elite', '400Regular/SpecialElite_400Regular.ttf') },
  hand: { family: 'Homemade Apple', file: fontFile('@expo-google-fonts/homemade-apple', '400Regular/HomemadeApple_400Regular.ttf') },
  printed: { family: 'Old Standard TT Bold', file: fontFile('@expo-google-fonts/old-standard-tt', 'OldStandardTT_700Bold.ttf') },
} as const;

const DPI = 300;
const PAPER = 236;
const INK = 28;
/** Characters the typewriter can strike; anything else is typed as the nearest it has. */
const CHARSET = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') + '½';
const TYPEWRITER_FALLBACK: Record<string, string> = { '“': '"', '”': '"', '‘': "'", '’': "'", '—': '--', '–': '-', '¹': '1', '₂': '2', é: 'e' };

const escapeMarkup = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const hex = ([r, g, b]: readonly number[]) => `#${[r, g, b].map((v) => Math.round(v ?? 0).toString(16).padStart(2, '0')).join('')}`;

/** One glyph cell per character, all on a shared baseline. */
interface Atlas {
  advance: number;
  height: number;
  /** Row of the baseline within a cell. */
  baseline: number;
  /** Rows above the baseline that capitals reach. */
  capHeight: number;
  cells: Map<string, Uint8Array>;
}

let atlasPromise: Promise<Atlas> | undefined;

/** Renders the whole character set once, between two bars, and cuts it into cells. */
async function typewriterAtlas(): Promise<Atlas> {
  atlasPromise ??= (async () => {
    const font = `${FONTS.typewriter.family} ${TYPE_SIZE_PT}`;
    const render = (text: string) =>
      sharp({ text: { text: escapeMarkup(text), font, fontfile: FONTS.typewriter.file, dpi: DPI } })
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true });
    const bar = await render('|');
    const strip = await render(`|${CHARSET}|`);
    const advance = (strip.info.width - bar.info.width) / (CHARSET.length + 1);
    if (advance !== ADVANCE) {
      throw new Error(`typewriter font did not load from ${FONTS.typewriter.file}: advance ${advance}px, expected ${ADVANCE}px`);
    }
    const height = strip.info.height;
    const offset = Math.round((advance - bar.info.width) / 2); // the bar's ink is centred in its cell
    const cells = new Map<string, Uint8Array>();
    [...CHARSET].forEach((ch, i) => {
      const cell = new Uint8Array(advance * height);
      const x0 = (i + 1) * advance - offset;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < advance; x++) {
          const sx = x0 + x;
          if (sx >= 0 && sx < strip.info.width) cell[y * advance + x] = strip.data[y * strip.info.width + sx] ?? 0;
        }
      }
      cells.set(ch, cell);
    });
    const rowsOf = (ch: string) => {
      const cell = cells.get(ch) ?? new Uint8Array();
      const rows: number[] = [];
      for (let y = 0; y < height; y++) if (cell.subarray(y * advance, (y + 1) * advance).some((v) => v > 96)) rows.push(y);
      return rows;
    };
    const h = rowsOf('H');
    const baseline = (h.at(-1) ?? height - 1) + 1;
    return { advance, height, baseline, capHeight: baseline - (h[0] ?? 0), cells };
  })();
  return atlasPromise;
}

/** A fixed field of random values in [0, 1), tiled, for ribbon and paper texture. */
function textureTile(rng: Rng, size = 256): Float32Array {
  const tile = new Float32Array(size * size);
  for (let i = 0; i < tile.length; i++) tile[i] = rng.next();
  return tile;
}

/** Paper: an off-white tone with broad, soft unevenness, as old paper photographs. */
function paper(width: number, height: number, rng: Rng): Uint8Array {
  const gw = 24;
  const gh = 31;
  const grid = Float32Array.from({ length: gw * gh }, () => rng.normal(0, 2.5));
  const page = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = (y / height) * (gh - 1);
    const y0 = Math.floor(gy);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = (x / width) * (gw - 1);
      const x0 = Math.floor(gx);
      const fx = gx - x0;
      const a = grid[y0 * gw + x0] ?? 0;
      const b = grid[y0 * gw + Math.min(gw - 1, x0 + 1)] ?? 0;
      const c = grid[Math.min(gh - 1, y0 + 1) * gw + x0] ?? 0;
      const d = grid[Math.min(gh - 1, y0 + 1) * gw + Math.min(gw - 1, x0 + 1)] ?? 0;
      page[y * width + x] = PAPER + (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }
  }
  return page;
}

/** Strikes one typed run onto the page, glyph by glyph. Returns the ink's bounding box. */
function strike(page: Uint8Array, width: number, run: TypedRun, atlas: Atlas, texture: Float32Array, rng: Rng): BBox {
  const text = [...run.text].map((ch) => (atlas.cells.has(ch) ? ch : (TYPEWRITER_FALLBACK[ch] ?? '?'))).join('');
  const phase = rng.range(0, Math.PI * 2);
  const period = rng.range(12, 30);
  [...text].forEach((ch, k) => {
      const cell = atlas.cells.get(ch);
      if (!cell || ch === ' ') return;
      const faint = rng.chance(0.015);
      const ink = faint ? rng.range(0.5, 0.7) : Math.min(1, run.ink * rng.normal(1, 0.05));
      const dx = Math.round(rng.normal(0, 0.5));
      const dy = Math.round(run.wobble * Math.sin(k / period + phase) + rng.normal(0, 0.45));
      const left = run.x + k * atlas.advance + dx;
      const top = run.baseline - atlas.baseline + dy;
      for (let y = 0; y < atlas.height; y++) {
        const py = top + y;
        if (py < 0 || py * width >= page.length) continue;
        for (let x = 0; x < atlas.advance; x++) {
          const coverage = cell[y * atlas.advance + x] ?? 0;
          if (coverage === 0) continue;
          const px = left + x;
          if (px < 0 || px >= width) continue;
          const grain = texture[((py & 255) << 8) | (px & 255)] ?? 0;
          const c = (coverage / 255) * ink * (0.82 + 0.18 * grain);
          const i = py * width + px;
          page[i] = (page[i] ?? PAPER) * (1 - c) + INK * c;
        }
      }
  });
  if (run.struck) rule(page, width, run.x - 8, run.x + text.length * atlas.advance + 8, run.baseline - atlas.capHeight * 0.45, rng);
  return [run.x, run.baseline - atlas.capHeight - 2, run.x + text.length * atlas.advance, run.baseline + Math.round(atlas.capHeight * 0.35)];
}

/** A pen stroke through a run, as classification marks were struck at declassification. */
function rule(page: Uint8Array, width: number, x0: number, x1: number, y: number, rng: Rng): void {
  const slope = rng.range(-0.012, 0.012);
  const thickness = rng.range(3, 5);
  const dark = rng.range(0.75, 0.9);
  for (let x = Math.round(x0); x <= x1; x++) {
    const mid = y + (x - x0) * slope;
    for (let py = Math.floor(mid - thickness / 2); py <= mid + thickness / 2; py++) {
      const i = py * width + x;
      if (x < 0 || x >= width || i < 0 || i >= page.length) continue;
      page[i] = (page[i] ?? PAPER) * (1 - dark) + INK * dark;
    }
  }
}

/** Dust and toner specks, a few pixels each. */
function speckle(page: Uint8Array, width: number, height: number, rng: Rng): void {
  const count = rng.int(250, 600);
  for (let n = 0; n < count; n++) {
    const cx = rng.int(0, width - 1);
    const cy = rng.int(0, height - 1);
    const r = rng.chance(0.9) ? rng.range(0.6, 1.6) : rng.range(1.6, 3);
    const dark = rng.range(0.25, 0.8);
    for (let y = Math.floor(cy - r); y <= cy + r; y++) {
      for (let x = Math.floor(cx - r); x <= cx + r; x++) {
        if (x < 0 || y < 0 || x >= width || y >= height || (x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        const i = y * width + x;
        page[i] = (page[i] ?? PAPER) * (1 - dark) + INK * dark;
      }
    }
  }
}

interface Overlay {
  input: Buffer;
  left: number;
  top: number;
  box: BBox;
  lines: number[];
}

const verified = new Map<string, Promise<void>>();

/**
 * Pango falls back to a system face, silently, when a family is missing. Rendering the same probe with the
 * family and with a name no font has must differ, or the packaged font did not load.
 */
function verifyFont(font: { family: string; file: string }): Promise<void> {
  let check = verified.get(font.family);
  if (!check) {
    const size = (family: string) =>
      sharp({ text: { text: 'Hamburgefonstiv 1946', font: `${family} 12`, fontfile: font.file, dpi: DPI } })
        .raw()
        .toBuffer({ resolveWithObject: true })
        .then(({ info }) => `${info.width}x${info.height}`);
    check = Promise.all([size(font.family), size('No Such Face')]).then(([wanted, fallback]) => {
      if (wanted === fallback) throw new Error(`font "${font.family}" did not load from ${font.file}; the facsimile uses packaged fonts only`);
    });
    verified.set(font.family, check);
  }
  return check;
}

async function textImage(text: string, font: { family: string; file: string }, sizePt: number, color: readonly number[], align: 'left' | 'centre' = 'left') {
  await verifyFont(font);
  return sharp({
    text: {
      text: `<span foreground="${hex(color)}">${escapeMarkup(text)}</span>`,
      font: `${font.family} ${sizePt.toFixed(1)}`,
      fontfile: font.file,
      dpi: DPI,
      rgba: true,
      align,
      spacing: 6,
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
}

/** Rotates an RGBA image about its centre and places that centre at (cx, cy). */
async function placeRotated(input: Buffer, angle: number, cx: number, cy: number, lines: number[]): Promise<Overlay> {
  const { data, info } = await sharp(input).rotate(angle, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer({ resolveWithObject: true });
  const left = Math.round(cx - info.width / 2);
  const top = Math.round(cy - info.height / 2);
  return { input: data, left, top, box: [left, top, left + info.width, top + info.height], lines };
}

async function printed(run: PrintedRun): Promise<Overlay> {
  const { data, info } = await textImage(run.text, FONTS.printed, run.sizePt, [30, 30, 34]);
  const left = Math.round(run.cx - info.width / 2);
  return { input: data, left, top: run.top, box: [left, run.top, left + info.width, run.top + info.height], lines: [run.line] };
}

async function hand(run: HandRun): Promise<Overlay> {
  const { data, info } = await textImage(run.text, FONTS.hand, run.sizePt, run.color);
  return placeRotated(data, run.angle, run.x + info.width / 2, run.top + info.height / 2, [run.line]);
}

/** A rubber stamp: centred lines in a ruled box, the ink uneven where the stamp pressed lightly. */
async function stamp(element: Stamp, texture: Float32Array, rng: Rng): Promise<Overlay> {
  const text = await textImage(element.texts.join('\n'), FONTS.stamp, element.sizePt, element.color, 'centre');
  const pad = 26;
  const width = text.info.width + pad * 2;
  const height = text.info.height + pad * 2;
  const frame = element.frame ?? 'box';
  // An oval needs room at its ends for the lettering to stay inside it.
  const [w, h, left, top] = frame === 'oval' ? [Math.round(width * 1.3), Math.round(height * 1.45), Math.round(width * 0.15) + pad, Math.round(height * 0.225) + pad] : [width, height, pad, pad];
  const stroke = `fill="none" stroke="${hex(element.color)}" stroke-width="5"`;
  const shape =
    frame === 'box'
      ? `<rect x="6" y="6" width="${w - 12}" height="${h - 12}" ${stroke}/>`
      : frame === 'oval'
        ? `<ellipse cx="${w / 2}" cy="${h / 2}" rx="${w / 2 - 6}" ry="${h / 2 - 6}" ${stroke}/>`
        : '';
  const rule = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${shape}</svg>`);
  const boxed = await sharp(rule).composite([{ input: text.data, left, top }]).raw().toBuffer({ resolveWithObject: true });
  const pressure = rng.range(0.55, 0.9);
  const gradient = rng.range(-0.3, 0.3);
  const { data } = boxed;
  for (let y = 0; y < boxed.info.height; y++) {
    for (let x = 0; x < boxed.info.width; x++) {
      const i = (y * boxed.info.width + x) * 4 + 3;
      const grain = texture[((y & 255) << 8) | (x & 255)] ?? 0;
      const fade = pressure + gradient * (x / boxed.info.width - 0.5);
      data[i] = Math.round((data[i] ?? 0) * Math.max(0, Math.min(1, fade * (0.7 + 0.5 * grain))));
    }
  }
  const png = await sharp(data, { raw: boxed.info }).png().toBuffer();
  return placeRotated(png, element.angle, element.cx, element.cy, element.lines);
}

/** Turns a box by the page's skew about the page centre, as the scanner saw it. */
function skewBox([x0, y0, x1, y1]: BBox, degrees: number, width: number, height: number): BBox {
  const t = (degrees * Math.PI) / 180;
  const cx = width / 2;
  const cy = height / 2;
  const corners = [
    [x0, y0],
    [x1, y0],
    [x0, y1],
    [x1, y1],
  ].map(([x = 0, y = 0]) => [cx + (x - cx) * Math.cos(t) - (y - cy) * Math.sin(t), cy + (x - cx) * Math.sin(t) + (y - cy) * Math.cos(t)]);
  const xs = corners.map((c) => c[0] ?? 0);
  const ys = corners.map((c) => c[1] ?? 0);
  const clamp = (v: number, hi: number) => Math.max(0, Math.min(hi, Math.round(v)));
  return [clamp(Math.min(...xs), width), clamp(Math.min(...ys), height), clamp(Math.max(...xs), width), clamp(Math.max(...ys), height)];
}

export interface PaintedPage {
  jpeg: Buffer;
  /** The image's size, which differs from the layout's when it is scanned at another resolution. */
  width: number;
  height: number;
  regions: RenderedRegion[];
}

type ScanStyle = Pick<FacsimileStyle, 'grayscale' | 'dpi' | 'copy'>;
const ORIGINAL: ScanStyle = { grayscale: false, dpi: DRAWN_DPI, copy: 'original' };

/**
 * Paints a laid-out page and returns the JPEG with the box of every line it drew. The page is drawn at
 * 300 dpi; `scan` then makes it a copy and scans it (see `condition.ts`).
 */
export async function paintPage(layout: PageLayout, rng: Rng, quality = 80, scan: ScanStyle = ORIGINAL): Promise<PaintedPage> {
  const { width, height } = layout;
  const atlas = await typewriterAtlas();
  const texture = textureTile(rng);
  const page = paper(width, height, rng);
  const boxes: { line: number; class: Element['class']; box: BBox }[] = [];

  const overlays: Overlay[] = [];
  for (const element of layout.elements) {
    if (element.kind === 'typed') {
      boxes.push({ line: element.line, class: element.class, box: strike(page, width, element, atlas, texture, rng) });
      continue;
    }
    const overlay = element.kind === 'printed' ? await printed(element) : element.kind === 'hand' ? await hand(element) : await stamp(element, texture, rng);
    overlays.push(overlay);
    for (const line of overlay.lines) boxes.push({ line, class: element.class, box: overlay.box });
  }
  speckle(page, width, height, rng);

  const tone = [1.0, 0.975, 0.9];
  const flat = await sharp(page, { raw: { width, height, channels: 1 } })
    .toColourspace('srgb')
    .recomb([
      [tone[0] ?? 1, 0, 0],
      [0, tone[1] ?? 1, 0],
      [0, 0, tone[2] ?? 1],
    ])
    .composite(
      overlays
        .filter((o) => o.box[2] > 0 && o.box[3] > 0 && o.box[0] < width && o.box[1] < height)
        .map((o) => ({ input: o.input, left: o.left, top: o.top, blend: 'multiply' as const })),
    )
    .raw()
    .toBuffer({ resolveWithObject: true });

  const background = { r: Math.round(PAPER * tone[0]!), g: Math.round(PAPER * tone[1]!), b: Math.round(PAPER * tone[2]!) };
  const turned = await sharp(flat.data, { raw: flat.info }).rotate(layout.skew, { background }).raw().toBuffer({ resolveWithObject: true });
  const scanned = sharp(turned.data, { raw: turned.info })
    .extract({ left: Math.floor((turned.info.width - width) / 2), top: Math.floor((turned.info.height - height) / 2), width, height })
    .blur(0.6);
  let jpeg: Buffer;
  let size = { width, height };
  if (isOriginalScan(scan)) jpeg = await scanned.jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
  else {
    const copied = await condition(await scanned.raw().toBuffer({ resolveWithObject: true }), scan, rng);
    size = { width: copied.info.width, height: copied.info.height };
    const encoder = sharp(copied.data, { raw: { width: size.width, height: size.height, channels: copied.info.channels } });
    // sharp writes sRGB unless told otherwise: a grayscale scan is kept to one channel, as scanners write it.
    jpeg = await (scan.grayscale ? encoder.toColourspace('b-w') : encoder)
      .withDensity(scan.dpi)
      .jpeg({ quality, chromaSubsampling: '4:2:0' })
      .toBuffer();
  }

  const scale = size.width / width;
  const regions = new Map<number, RenderedRegion>();
  for (const { line, class: cls, box } of boxes) {
    const region = regions.get(line) ?? { line, class: cls, boxes: [] };
    const [x0, y0, x1, y1] = skewBox(box, layout.skew, width, height);
    region.boxes.push(scale === 1 ? [x0, y0, x1, y1] : [Math.floor(x0 * scale), Math.floor(y0 * scale), Math.ceil(x1 * scale), Math.ceil(y1 * scale)]);
    regions.set(line, region);
  }
  return { jpeg, ...size, regions: [...regions.values()].sort((a, b) => a.line - b.line) };
}
