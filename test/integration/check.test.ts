/**
 * `collate check` and `collate review` through the real CLI on telegram 878 (three pages of real OCR, read
 * once into a cache the tests share), against copies of its transcript and decisions.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create } from 'xmlbuilder2';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { captureOutput } from '../helpers/output.js';
import { Decisions } from '../../src/model.js';

const root = path.resolve(import.meta.dirname, '../..');
// Shared with the other integration tests: the pages are read once per machine.
const cache = path.join(tmpdir(), 'collate-test-cache');
mkdirSync(cache, { recursive: true });
const { stdout, stderr } = captureOutput();
afterEach(() => vi.unstubAllEnvs());

/** A copy of transcripts/878.* in a folder of its own, edited as given. */
function transcripts(edit: (text: string) => string = (t) => t, decisions?: (d: Decisions) => Decisions): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'collate-transcripts-'));
  writeFileSync(path.join(dir, '878.txt'), edit(readFileSync(path.join(root, 'transcripts/878.txt'), 'utf8')));
  copyFileSync(path.join(root, 'transcripts/878.json'), path.join(dir, '878.json'));
  const d = Decisions.parse(JSON.parse(readFileSync(path.join(root, 'transcripts/878.decisions.json'), 'utf8')));
  writeFileSync(path.join(dir, '878.decisions.json'), JSON.stringify(decisions ? decisions(d) : d));
  return dir;
}
const check = (dir: string, ...args: string[]) => main(['node', 'collate', 'check', '878', '--transcripts', dir, '--cache-dir', cache, ...args]);

describe('collate check: the CI gate', () => {
  beforeAll(async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await main(['node', 'collate', 'ocr', '878', '--cache-dir', cache]); // read the pages once
    vi.restoreAllMocks();
  }, 120_000);

  it('passes on the committed transcript and decisions', async () => {
    expect(await check(transcripts())).toBe(0);
    expect(stdout.join('')).toContain('fidelity holds');
  });

  it('fails when one word of the transcript is edited, saying which word and where', async () => {
    const dir = transcripts((t) => t.replace('the most insidious and dangerous single error', 'the most insidious and perilous single error'));
    expect(await check(dir)).toBe(1);
    const out = stdout.join('');
    expect(out).toMatch(/878\.txt: edition-changed: .*878\.txt has changed since the decisions were made/);
    expect(out).toMatch(/878\.txt:\d+:\d+: unreviewed: unreviewed substantive\/change: edition "perilous", scan "dangerous"/);
    expect(stderr.join('')).toMatch(/^collate: fidelity does not hold/m);
  });

  it('fails on a decision whose entry no longer exists, and writes JUnit XML and GitHub annotations', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    const dir = transcripts(undefined, (d) => ({ ...d, decisions: { ...d.decisions, aDEADBEEF00: { ...Object.values(d.decisions)[0]!, status: 'accepted' } } }));
    const junit = path.join(dir, 'check.xml');
    expect(await check(dir, '--junit', junit)).toBe(1);
    expect(stdout.join('')).toMatch(/orphaned-decision: decision aDEADBEEF00/);
    expect(stdout.join('')).toMatch(/^::error file=.*878\.decisions\.json,title=collate orphaned-decision::decision aDEADBEEF00/m);
    const xml = create(readFileSync(junit, 'utf8')).end({ format: 'object' }) as { testsuites: { testsuite: { testcase: { failure: { '@type': string } } } } };
    expect(xml.testsuites.testsuite.testcase.failure['@type']).toBe('orphaned-decision');
  });

  it('refuses a hand-edited decisions file, pointing at the bad entry, and one from a newer schema', async () => {
    const bad = transcripts(undefined, (d) => ({ ...d, decisions: { ...d.decisions, [Object.keys(d.decisions)[0]!]: { ...Object.values(d.decisions)[0]!, status: 'maybe' as 'accepted' } } }));
    expect(await check(bad)).toBe(2);
    expect(stderr.join('')).toMatch(/878\.decisions\.json: decisions\.a[0-9a-f]+\.status: Invalid option/);
    stderr.length = 0;
    const newer = transcripts(undefined, (d) => ({ ...d, schemaVersion: 2 as 1 }));
    expect(await check(newer)).toBe(2);
    expect(stderr.join('')).toMatch(/decisions schema version 2 is newer than this collate reads \(1\); upgrade collate/);
  });
});

describe('collate review: recording decisions for scripts', () => {
  it('records a decision atomically with a backup, keeps the previous one, and refuses an unknown id', async () => {
    const dir = transcripts();
    const file = path.join(dir, '878.decisions.json');
    const before = Decisions.parse(JSON.parse(readFileSync(file, 'utf8')));
    const [id] = Object.keys(before.decisions);
    const review = (...args: string[]) => main(['node', 'collate', 'review', '878', '--transcript', path.join(dir, '878.txt'), '--cache-dir', cache, '--reviewer', 'tester', ...args]);
    expect(await review('--reject', id!, '--note', 'second look')).toBe(0);
    const after = Decisions.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(after.decisions[id!]).toMatchObject({ status: 'rejected', reviewer: 'tester', note: 'second look', previous: { status: 'accepted' } });
    expect(Decisions.parse(JSON.parse(readFileSync(`${file}.bak`, 'utf8')))).toEqual(before);
    stderr.length = 0;
    expect(await review('--accept', 'a0000000000')).toBe(2);
    expect(stderr.join("")).toMatch(/no entry a0000000000 in the apparatus of 878 .*; nothing was recorded/);
  });

  it('forgets an orphaned decision by name, so check passes again, and refuses one whose entry is still there', async () => {
    const dir = transcripts(undefined, (d) => ({ ...d, decisions: { ...d.decisions, aDEADBEEF00: { ...Object.values(d.decisions)[0]!, status: 'accepted' } } }));
    const file = path.join(dir, '878.decisions.json');
    const review = (...args: string[]) => main(['node', 'collate', 'review', '878', '--transcript', path.join(dir, '878.txt'), '--cache-dir', cache, ...args]);
    expect(await check(dir)).toBe(1);
    expect(stdout.join('')).toMatch(/fix: .*collate review 878 --transcript \S+878\.txt --forget aDEADBEEF00/);
    const [live] = Object.keys(Decisions.parse(JSON.parse(readFileSync(path.join(root, 'transcripts/878.decisions.json'), 'utf8'))).decisions);
    stderr.length = 0;
    expect(await review('--forget', live!)).toBe(2);
    expect(stderr.join('')).toMatch(new RegExp(`decision ${live} is for an entry still in the apparatus; decide it again .*; nothing was forgotten`));
    stderr.length = 0;
    expect(await review('--forget', 'a0000000000', 'constructor')).toBe(2);
    expect(stderr.join('')).toMatch(/no decision a0000000000, constructor in .*878\.decisions\.json; nothing was forgotten/);
    stderr.length = 0;
    expect(await review('--forget', 'aDEADBEEF00', '--accept', live!)).toBe(2);
    expect(stderr.join('')).toMatch(/--forget removes decisions and records none: run it on its own/);
    stderr.length = 0;
    expect(await review('--forget', 'aDEADBEEF00', '--pages', '1')).toBe(2);
    expect(stderr.join('')).toMatch(/--forget needs the whole document to tell which entries are gone: leave out --pages/);
    const before = readFileSync(file, 'utf8');
    expect(await review('--forget', 'aDEADBEEF00')).toBe(0);
    expect(stderr.join('')).toMatch(/aDEADBEEF00: forgotten \(accepted, /);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    expect(Object.keys(Decisions.parse(JSON.parse(readFileSync(file, 'utf8'))).decisions)).not.toContain('aDEADBEEF00');
    stdout.length = 0;
    expect(await check(dir)).toBe(0);
    expect(stdout.join('')).toContain('fidelity holds');
  });

  it('without a terminal and without decisions to record, says how to run it', async () => {
    expect(await main(['node', 'collate', 'review', '878', '--cache-dir', cache])).toBe(2);
    expect(stderr.join('')).toMatch(/review needs a terminal, or decisions to record: --accept ID…/);
  });
});
