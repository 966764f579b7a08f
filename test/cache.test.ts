import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, openCache } from '../src/cache.js';

const entry = (key: string) => ({ key, width: 10, height: 20, lines: [{ index: 0, text: 'a', bbox: [0, 0, 1, 1] as [number, number, number, number], confidence: 90, words: [] }] });
const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));

describe('cache: OCR results on disk', () => {
  it('keys entries by everything that decides the reading', () => {
    const base = { digest: 'abc', engine: { version: '7.0.0' }, options: { despeckle: 3 } };
    expect(cacheKey(base)).toBe(cacheKey({ ...base }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, digest: 'abd' }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, engine: { version: '7.0.1' } }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, options: { despeckle: 0 } }));
  });

  it('returns what it stored, and nothing for a key it has not seen', async () => {
    const cache = openCache(mkdtempSync(path.join(tmpdir(), 'collate-cache-')), () => {});
    await cache.put(entry('k1'));
    expect(await cache.get('k1')).toEqual({ format: 1, ...entry('k1') });
    expect(await cache.get('k2')).toBeUndefined();
  });

  it('never trusts a damaged entry: it warns and reports a miss', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collate-cache-'));
    const warnings: string[] = [];
    const cache = openCache(dir, (line) => warnings.push(line));
    await cache.put(entry('k1'));
    const [file] = files(dir);
    writeFileSync(file!, readFileSync(file!, 'utf8').slice(0, 30)); // truncated, as by a crash mid-write elsewhere
    expect(await cache.get('k1')).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/damaged cache entry; reading the page again/)]);
    await cache.put(entry('k1'));
    expect(await cache.get('k1')).toEqual({ format: 1, ...entry('k1') });
  });

  it('writes atomically: concurrent writers leave one whole entry and no temporary files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collate-cache-'));
    const caches = [openCache(dir, () => {}), openCache(dir, () => {})];
    await Promise.all(Array.from({ length: 20 }, (_, i) => caches[i % 2]!.put(entry('same'))));
    expect(files(dir)).toHaveLength(1);
    expect(await caches[0]!.get('same')).toEqual({ format: 1, ...entry('same') });
  });

  it('takes over a lock left by a run that died, and lets a second holder wait for the first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collate-cache-'));
    const cache = openCache(dir, () => {});
    // A lock as a killed run leaves it: there, but not touched for a minute.
    const lock = path.join(dir, 'ocr', 'de', 'dead.json.lock');
    mkdirSync(lock, { recursive: true });
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    const release = await cache.lock('dead');
    let second = false;
    const waiting = cache.lock('dead').then((r) => ((second = true), r));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(second).toBe(false);
    await release();
    await (await waiting)();
    expect(second).toBe(true);
  });
});
