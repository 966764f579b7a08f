/**
 * A copy of the project's files for one document in a temp folder, and the built CLI run in it, so that
 * a test may write, overwrite and break anything there. The OCR cache is the one the integration tests
 * share, linked in as `.collate-cache`, so each page is read once per machine.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
export const sharedCache = path.join(tmpdir(), 'collate-test-cache');

/**
 * scans/<id>, transcripts/<id>.*, fixtures/<id>, the config and the schema of each document, copied, with
 * `.collate-cache` linked to `cache` (default: the cache the integration tests share).
 */
export function project(ids: string[], cache = sharedCache): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'collate-project-'));
  for (const id of ids) {
    for (const folder of ['scans', 'fixtures']) cpSync(path.join(root, folder, id), path.join(dir, folder, id), { recursive: true });
    for (const ext of ['txt', 'json', 'decisions.json']) cpSync(path.join(root, 'transcripts', `${id}.${ext}`), path.join(dir, 'transcripts', `${id}.${ext}`));
  }
  cpSync(path.join(root, 'collate.config.json'), path.join(dir, 'collate.config.json'));
  cpSync(path.join(root, 'schema'), path.join(dir, 'schema'), { recursive: true });
  mkdirSync(cache, { recursive: true });
  symlinkSync(cache, path.join(dir, '.collate-cache'));
  return dir;
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

const environment = (extra?: Record<string, string>) => ({ ...process.env, NO_COLOR: '1', COLLATE_REVIEWER: 'test', ...extra });

/** Runs `node bin/collate.js …` (built by npm test's pretest) in `cwd`, with node options such as `--import`. */
export function collate(cwd: string, args: readonly string[], options: { node?: string[]; env?: Record<string, string> } = {}): Ran {
  const result = spawnSync(process.execPath, [...(options.node ?? []), path.join(root, 'bin/collate.js'), ...args], { cwd, encoding: 'utf8', env: environment(options.env), timeout: 600_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a shell command line in `cwd`, with `npx collate` meaning the built CLI of this checkout. */
export function shell(cwd: string, line: string): Ran {
  const command = line.replace(/\bnpx collate\b/g, `node ${JSON.stringify(path.join(root, 'bin/collate.js'))}`);
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', command], { cwd, encoding: 'utf8', env: environment(), timeout: 600_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The lines written to stderr, for tests that hold a message to one line. */
export const lines = (text: string) => text.trim().split('\n').filter(Boolean);
