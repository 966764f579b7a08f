/**
 * Renders a document's truth pages into facsimile page images, two pages at a time.
 * Each page draws from its own random stream, so one page can be re-rendered alone.
 */
import { DEFAULT_FACSIMILE_STYLE, FacsimileStyle, type FacsimileStyleSettings, type ManifestPage, type TruthPage } from '../model.js';
import { layoutDespatch } from './despatch.js';
import { BLACK_INK, layoutPage } from './layout.js';
import { paintPage } from './paint.js';
import { makeRng, pageSeed } from './random.js';

export interface RenderedPage {
  index: number;
  jpeg: Buffer;
  manifest: Omit<ManifestPage, 'file'>;
}

export interface RenderOptions {
  seed: number;
  quality?: number;
  concurrency?: number;
  /** Each page's style, by its position; a page without one is in the default style. */
  styles?: readonly (FacsimileStyleSettings | undefined)[];
  onPage?: (page: RenderedPage) => void;
}

/** A page continues its predecessor's paragraph when the predecessor ended on a catchword. */
const continues = (pages: readonly TruthPage[], index: number) =>
  index > 0 && (pages[index - 1]?.lines.some((line) => line.class === 'catchword') ?? false);

const isDefault = (style: FacsimileStyle) => (Object.keys(DEFAULT_FACSIMILE_STYLE) as (keyof FacsimileStyle)[]).every((key) => style[key] === DEFAULT_FACSIMILE_STYLE[key]);

export async function renderPage(pages: readonly TruthPage[], index: number, options: RenderOptions): Promise<RenderedPage> {
  const page = pages[index];
  if (!page) throw new RangeError(`no page at index ${index}`);
  const style = FacsimileStyle.parse({ ...DEFAULT_FACSIMILE_STYLE, ...options.styles?.[index] });
  const rng = makeRng(pageSeed(options.seed, index));
  const layoutOptions = {
    continuesParagraph: continues(pages, index),
    headerDrop: style.headerDrop,
    routingOnHeader: style.routingOnHeader,
    stampInk: style.stampInk === 'black' ? BLACK_INK : undefined,
  };
  const layout = style.layout === 'despatch' ? layoutDespatch(page, layoutOptions, rng) : layoutPage(page, layoutOptions, rng);
  const { jpeg, width, height, regions } = await paintPage(layout, rng, options.quality, style);
  return {
    index,
    jpeg,
    manifest: { label: page.label, width, height, skewDegrees: Number(layout.skew.toFixed(3)), regions, ...(isDefault(style) ? {} : { style }) },
  };
}

export async function renderDocument(pages: readonly TruthPage[], options: RenderOptions): Promise<RenderedPage[]> {
  const results: RenderedPage[] = new Array(pages.length);
  let next = 0;
  const worker = async () => {
    while (next < pages.length) {
      const index = next++;
      const rendered = await renderPage(pages, index, options);
      results[index] = rendered;
      options.onPage?.(rendered);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return results;
}
