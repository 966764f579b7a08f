// BENCHMARKS.md is written by several benches, each into its own section between two markers. One writer for all.
import fs from 'node:fs';
import path from 'node:path';

const HEADER = '# Benchmarks\n\nFigures are produced by `npm run bench` on the machine named in each section.\n';

/** Puts `section` (which begins with `start` and ends with `end`) in place of the one between those markers, or at the end. */
export function writeSection(root, start, end, section) {
  const file = path.join(root, 'BENCHMARKS.md');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : HEADER;
  const a = text.indexOf(start), b = text.indexOf(end);
  text = a !== -1 && b > a ? text.slice(0, a) + section + text.slice(b + end.length) : `${text.replace(/\n*$/, '\n\n')}${section}\n`;
  fs.writeFileSync(file, text);
  return file;
}
