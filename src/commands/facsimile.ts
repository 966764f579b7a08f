/**
 * `collate facsimile <id>`: renders fixtures/<id> into scans/<id>/page-NN.jpg and scans/<id>/manifest.json.
 * `fixtures/<id>/facsimile.json`, where present, gives the seed and each page's design and condition;
 * style flags given on the command line apply to every page, over it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { renderDocument } from '../facsimile/render.js';
import { checkDocumentId, loadTruth, readJsonIfPresent, shown, writeAtomic } from '../files.js';
import { InputError } from '../errors.js';
import { FacsimileConfig, FacsimileStyleSettings, Manifest } from '../model.js';

export interface FacsimileOptions {
  fixtures?: string;
  out?: string;
  seed?: number;
  quality?: number;
  jobs?: number;
  /** Style for every page, over the fixture's facsimile.json. */
  style?: FacsimileStyleSettings;
  log?: (line: string) => void;
}

export const DEFAULT_SEED = 1946;
const GENERATOR = 'collate facsimile';
const CONFIG = 'facsimile.json';

export async function facsimile(id: string, options: FacsimileOptions = {}): Promise<Manifest> {
  checkDocumentId(id);
  const fixtures = options.fixtures ?? path.join('fixtures', id);
  const out = options.out ?? path.join('scans', id);
  const log = options.log ?? (() => {});
  const truth = await loadTruth(fixtures);
  const config = (await readJsonIfPresent(path.join(fixtures, CONFIG), FacsimileConfig, 'the facsimile settings')) ?? {};
  const seed = options.seed ?? config.seed ?? DEFAULT_SEED;
  const given = FacsimileStyleSettings.safeParse(options.style ?? {});
  if (!given.success) throw new InputError(`facsimile style: ${given.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const labels = new Set(truth.pages.map((page) => page.label));
  for (const label of Object.keys(config.pages ?? {})) {
    if (!labels.has(label)) throw new InputError(`${shown(path.join(fixtures, CONFIG))}: pages: no page labelled "${label}" in the fixture`);
  }
  const styles = truth.pages.map((page) => ({ ...config.style, ...config.pages?.[page.label], ...given.data }));
  const width = String(truth.pages.length).length < 2 ? 2 : String(truth.pages.length).length;
  const fileOf = (index: number) => `page-${String(index + 1).padStart(width, '0')}.jpg`;

  await fs.mkdir(out, { recursive: true });
  const started = performance.now();
  const rendered = await renderDocument(truth.pages, {
    seed,
    quality: options.quality,
    concurrency: options.jobs,
    styles,
    onPage: (page) => log(`page ${page.manifest.label} → ${shown(path.join(out, fileOf(page.index)))} (${Math.round(page.jpeg.length / 1024)} KB)`),
  });
  await Promise.all(rendered.map((page) => writeAtomic(path.join(out, fileOf(page.index)), page.jpeg)));

  const manifest = Manifest.parse({
    document: id,
    facsimile: {
      generator: GENERATOR,
      seed,
      fixture: fixtures.split(path.sep).join('/'),
      note: 'A facsimile rendered from the ground-truth transcription, not a photograph of the archive’s pages.',
    },
    pages: rendered.map((page) => ({ file: fileOf(page.index), ...page.manifest })),
  });
  await writeAtomic(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`rendered ${rendered.length} pages of ${id} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return manifest;
}
