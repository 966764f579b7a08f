/**
 * Every `npx collate …` line in README.md's shell blocks, run as written, in order, in a copy of the
 * project's files, so that no example drifts from what the tool does. The copy reads and writes the
 * project's own OCR cache (`.collate-cache`): cold, the first examples read 511's nineteen pages (a few
 * minutes on two cores), and then `.ci/run`'s own `collate check 511 878` finds them read.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decisions } from '../../src/model.js';
import { project, root, shell } from '../helpers/project.js';

const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)]
  .flatMap((block) => block[1]!.split('\n'))
  .filter((line) => line.includes('npx collate'))
  .map((line) => line.slice(line.indexOf('npx collate')).replace(/\s+#\s.*$/, '').trim());

/** A review that records nothing given on the command line: it waits for keys in a terminal. */
const interactive = (line: string) => /collate review /.test(line) && !/--(accept|ocr-error|reject|forget|from|confirm-edition)\b/.test(line);

/** Plants a decision under this id whose entry exists no more, for a `--forget` example to remove. */
function plantOrphan(dir: string, line: string): void {
  const [, id, entryId] = /collate review (\S+) --forget (\S+)/.exec(line) ?? [];
  if (!id || !entryId) return;
  const file = path.join(dir, 'transcripts', `${id}.decisions.json`);
  const decisions = Decisions.parse(JSON.parse(readFileSync(file, 'utf8')));
  const [some] = Object.values(decisions.decisions);
  const orphan = { ...some!, entry: { ...some!.entry, lemma: 'a reading since corrected', reading: 'a reading since corected' } };
  writeFileSync(file, JSON.stringify({ ...decisions, decisions: { ...decisions.decisions, [entryId]: orphan } }));
}

describe('the README’s examples', () => {
  const dir = project(['511', '878'], path.join(root, '.collate-cache'));
  // The constructed pages of fixtures/variety have no transcript: their fixture and scans alone.
  for (const folder of ['scans', 'fixtures']) cpSync(path.join(root, folder, 'variety'), path.join(dir, folder, 'variety'), { recursive: true });
  const committed = (file: string) => readFileSync(path.join(root, file));

  it('are found: one block of each command at least', () => {
    for (const command of ['run', 'ocr', 'eval', 'diff', 'review', 'check', 'facsimile']) expect(examples.some((line) => line.startsWith(`npx collate ${command} `))).toBe(true);
  });

  for (const line of examples) {
    if (interactive(line)) {
      it.skip(`${line} (skipped: interactive, it needs a terminal; review-tty.test.ts drives it through tmux)`, () => {});
      continue;
    }
    it(line, () => {
      plantOrphan(dir, line);
      const ran = shell(dir, line);
      expect(ran.stderr, ran.stderr).not.toMatch(/internal error/);
      expect(ran.code, ran.stderr).toBe(0);
      if (/ --forget /.test(line)) expect(ran.stderr).toMatch(/forgotten/);
      if (/ --junit (\S+)/.test(line)) expect(existsSync(path.join(dir, / --junit (\S+)/.exec(line)![1]!))).toBe(true);
      if (/ --out (\S+)/.test(line)) expect(existsSync(path.join(dir, / --out (\S+)/.exec(line)![1]!))).toBe(true);
      if (line === 'npx collate facsimile 878') {
        for (const file of ['page-01.jpg', 'page-02.jpg', 'page-03.jpg', 'manifest.json']) expect(readFileSync(path.join(dir, 'scans/878', file)).equals(committed(`scans/878/${file}`)), file).toBe(true);
      }
    }, 600_000);
  }

  it('leave the committed scans as they were', () => {
    for (const id of ['511', '878']) {
      for (const name of readdirSync(path.join(root, 'scans', id))) expect(readFileSync(path.join(dir, 'scans', id, name)).equals(committed(`scans/${id}/${name}`)), `scans/${id}/${name}`).toBe(true);
    }
  });
});
