/**
 * What the OCR-driven commands share: where a document's scans are, and how its pages are read.
 */
import path from 'node:path';
import { DEFAULT_CACHE_DIR, NO_CACHE, openCache } from '../cache.js';
import { DEFAULT_OCR, defaultJobs } from '../defaults.js';
import { checkDocumentId, loadConfig, shown } from '../files.js';
import { englishLexicon } from '../lexicon.js';
import type { OcrOptions, OcrPage, PageSource, StrippedPage } from '../model.js';
import { listPages, selectPages } from '../pages.js';
import { readAndStrip } from '../pipeline.js';
import { DEFAULT_TERMS, stripRules, type StripRule } from '../strip.js';
import { progress } from '../ui/progress.js';

export interface ScanOptions {
  scans?: string;
  pages?: string;
  /** A folder, or false for --no-cache. */
  cache?: string | false;
  jobs?: number;
  /** Overrides of the default OCR options. */
  ocr?: Partial<OcrOptions>;
  log?: (line: string) => void;
  /** The collate config, for the collection's strip terms (default: collate.config.json, when there). */
  config?: string;
}

/**
 * The strip rules for this collection: the default terms, or those `strip` in the config gives, and the
 * dictionary, by which a word typed alone on a line and read unsurely is told from a speck.
 */
export async function documentRules(config: string | undefined): Promise<StripRule[]> {
  const { strip } = await loadConfig(config);
  return stripRules({ ...DEFAULT_TERMS, ...strip }, { isWord: await englishLexicon() });
}

export { defaultJobs };

export async function selectedPages(id: string, options: ScanOptions): Promise<{ selected: PageSource[]; total: number }> {
  checkDocumentId(id);
  const all = await listPages(options.scans ?? path.join('scans', id));
  return { selected: selectPages(all, options.pages), total: all.length };
}

/** Reads and strips the selected pages. `partial` says whether they are fewer than the document's pages. */
export async function readDocument(id: string, options: ScanOptions): Promise<{ sources: PageSource[]; ocr: OcrPage[]; pages: StrippedPage[]; partial: boolean }> {
  const log = options.log ?? (() => {});
  const { selected: sources, total } = await selectedPages(id, options);
  const cacheDir = options.cache === false ? undefined : (options.cache ?? DEFAULT_CACHE_DIR);
  const cache = cacheDir === undefined ? NO_CACHE : openCache(cacheDir, log);
  const bar = progress(sources.length, 'OCR', log);
  try {
    const { ocr, pages } = await readAndStrip(sources, {
      rules: await documentRules(options.config),
      jobs: options.jobs ?? defaultJobs(),
      cache,
      // The models are set up once beside the cache; with --no-cache, for this run only.
      models: cacheDir === undefined ? undefined : path.join(cacheDir, 'models'),
      ocr: { ...DEFAULT_OCR, ...options.ocr },
      warn: log,
      onPage: (page, from) => bar.tick(from === 'cache' && !process.stderr.isTTY ? '' : `page ${page.label} (${shown(page.file)}${from === 'cache' ? ', cached' : ''})`),
    });
    return { sources, ocr, pages, partial: sources.length < total };
  } finally {
    bar.stop();
  }
}
