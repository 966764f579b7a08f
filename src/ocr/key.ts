/**
 * What reads a page, as the OCR cache key holds it: the engine and its version, the model, and the image
 * library. Read from the packages' manifests, so a run whose pages are all in the cache loads neither
 * tesseract.js nor sharp.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { OcrOptions } from '../model.js';
import { MODELS } from './model-data.js';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

/**
 * sharp's version and the libvips it ships: a prebuilt libvips package pinned to an exact version (the
 * same for every platform). sharp does not export its manifest, so it is read beside its entry point.
 */
function sharpVersions(): { sharp: string; vips: string } {
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(require.resolve('sharp')), '..', 'package.json'), 'utf8')) as { version: string; optionalDependencies?: Record<string, string> };
  const vips = Object.entries(manifest.optionalDependencies ?? {}).find(([name]) => name.startsWith('@img/sharp-libvips-'))?.[1];
  return { sharp: manifest.version, vips: `sharp-libvips ${vips ?? 'unknown'}` };
}

/** What read the page with tesseract.js; part of every cache key. Bump `preprocess` when the preparation or the reading of pages changes. */
export const ENGINE = {
  preprocess: 27,
  osd: `@tesseract.js-data/osd@${versionOf('@tesseract.js-data/osd')}`,
  name: 'tesseract.js',
  version: versionOf('tesseract.js'),
  core: versionOf('tesseract.js-core'),
  ...sharpVersions(),
};

/**
 * What reads pages with these options, for the cache key: the engine, its version (the installed
 * tesseract's for `--engine native`), and the model by its digest. Refuses `--engine native` where no
 * tesseract is installed.
 */
export async function engineKey(options: OcrOptions): Promise<object> {
  const data = options.engine === 'legacy' ? `@tesseract.js-data/eng@${versionOf('@tesseract.js-data/eng')}/4.0.0` : `${options.model} md5 ${MODELS[options.model].md5}`;
  if (options.engine !== 'native') return { ...ENGINE, data };
  const { nativeVersion } = await import('./native.js');
  return { preprocess: ENGINE.preprocess, name: 'tesseract', version: await nativeVersion(), sharp: ENGINE.sharp, vips: ENGINE.vips, data };
}
