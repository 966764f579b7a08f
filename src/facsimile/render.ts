/**
 * Renders a document's truth pages into facsimile page images, two pages at a time.
 * Each page draws from its own random stream, so one page can be re-rendered alone.
 */
import type { ManifestPage, TruthPage } from '../model.js';
import { layoutPage } from './layout.js';
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
  onPage?: (page: RenderedPage) => void;
}

/** A page continues its predecessor's paragraph when the predecessor ended on a catchword. */
const continues = (pages: readonly TruthPage[], index: number) =>
  index > 0 && (pages[index - 1]?.lines.some((line) => line.class === 'catchword') ?? false);

export async function renderPage(pages: readonly TruthPage[], index: number, options: RenderOptions): Promise<RenderedPage> {
  const page = pages[index];
  if (!page) throw new RangeError(`no page at index ${index}`);
  const rng = makeRng(pageSeed(options.seed, index));
  const layout = layoutPage(page, { continuesParagraph: continues(pages, index) }, rng);
  const { jpeg, regions } = await paintPage(layout, rng, options.quality);
  return {
    index,
    jpeg,
    manifest: { label: page.label, width: layout.width, height: layout.height, skewDegrees: Number(layout.skew.toFixed(3)), regions },
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
