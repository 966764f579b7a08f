/**
 * The pipeline's first stages, chained: page images → OCR pages (from the cache where it can) → stripped
 * pages. It touches neither argv nor the console: progress and warnings go to the callbacks it is given.
 */
import pLimit from 'p-limit';
import { cacheKey, type OcrCache } from './cache.js';
import { shown } from './files.js';
import type { OcrPage, PageSource, OcrOptions, StrippedPage } from './model.js';
import { pageDigest } from './ocr/image.js';
import type { Engine } from './ocr/index.js';
import { engineKey } from './ocr/key.js';
import { asScanned, upright } from './ocr/orient.js';
import { englishLexicon } from './lexicon.js';
import { meanConfidence, nonsense, SUSPECT_CONFIDENCE } from './sense.js';
import { stripDocument, DEFAULT_RULES, type StripRule } from './strip.js';

export interface ReadOptions {
  jobs: number;
  cache: OcrCache;
  /** Where the models are kept (see `startEngine`). */
  models?: string;
  ocr: OcrOptions;
  /** Called as each page is done, in the order pages finish. */
  onPage?: (page: OcrPage, from: 'cache' | 'ocr') => void;
  warn?: (line: string) => void;
}

/** Reads the pages, from the cache where it holds them; the OCR engine starts only if a page needs it. */
export async function readPages(sources: readonly PageSource[], options: ReadOptions): Promise<OcrPage[]> {
  let engine: Promise<Engine> | undefined;
  const limit = pLimit(Math.max(1, options.jobs) + 1);
  const reader = await engineKey(options.ocr);
  try {
    return await Promise.all(
      sources.map((source) =>
        limit(async () => {
          const key = cacheKey({ digest: await pageDigest(source), engine: reader, options: options.ocr });
          let cached = await options.cache.get(key);
          let page: OcrPage;
          if (cached) page = withSource(source, cached);
          else {
            // Another run may be reading this page now: wait for it, then take its reading from the cache.
            const release = await lockOrNot(options, key);
            try {
              cached = await options.cache.get(key);
              if (cached) page = withSource(source, cached);
              else {
                // The engine, and with it sharp and tesseract.js, is loaded only when a page is not in the cache.
                engine ??= import('./ocr/index.js').then(({ startEngine }) => startEngine(options.jobs, options.ocr, { models: options.models, warn: options.warn }));
                page = await (await engine).recognize(source);
                try {
                  await options.cache.put({ key, width: page.width, height: page.height, ...(page.turn ? { turn: page.turn } : {}), lines: page.lines, ...(page.unread ? { unread: page.unread } : {}) });
                } catch (error) {
                  // A cache that cannot be written costs speed next time, not this run's result.
                  options.warn?.(`warning: cannot write the OCR cache: ${error instanceof Error ? error.message : String(error)}`);
                }
              }
            } finally {
              await release().catch(() => {});
            }
          }
          if (page.lines.length === 0) options.warn?.(`warning: ${shown(source.file)}: page ${source.label} is blank: OCR found no text`);
          else if (meanConfidence(page) < SUSPECT_CONFIDENCE) {
            const sense = nonsense(page, await englishLexicon());
            if (sense) options.warn?.(`warning: ${shown(source.file)}: page ${source.label} reads as nonsense: ${Math.round(sense.known * 100)}% of its ${sense.words} words are English, mean OCR confidence ${Math.round(sense.confidence)}; is it typescript, and legible?`);
          }
          options.onPage?.(page, cached ? 'cache' : 'ocr');
          return page;
        }),
      ),
    );
  } finally {
    if (engine) await (await engine).close();
  }
}

/** The page's lock, or none where the cache cannot hold one (a read-only folder): then the page is simply read. */
async function lockOrNot(options: ReadOptions, key: string): Promise<() => Promise<void>> {
  try {
    return await options.cache.lock(key);
  } catch (error) {
    options.warn?.(`warning: cannot lock the OCR cache: ${error instanceof Error ? error.message : String(error)}`);
    return async () => {};
  }
}

function withSource(source: PageSource, read: Pick<OcrPage, 'width' | 'height' | 'turn' | 'lines' | 'unread'>): OcrPage {
  return { label: source.label, position: source.position, file: source.file, ...(source.subpages > 1 ? { subpage: source.subpage } : {}), width: read.width, height: read.height, ...(read.turn ? { turn: read.turn } : {}), lines: read.lines, ...(read.unread ? { unread: read.unread } : {}) };
}


/** OCR, then stripping: the message's lines of each page, and everything removed with its rule. */
export async function readAndStrip(sources: readonly PageSource[], options: ReadOptions & { rules?: readonly StripRule[] }): Promise<{ ocr: OcrPage[]; pages: StrippedPage[] }> {
  const ocr = await readPages(sources, options);
  // Stripping judges by place on the page (heads, feet, margins), so a turned page is stripped upright; what
  // it keeps and removes goes back onto the page as scanned.
  const stripped = stripDocument(ocr.map(upright), options.rules ?? DEFAULT_RULES);
  return { ocr, pages: stripped.map((page, i) => asScanned(page, ocr[i]!)) };
}
