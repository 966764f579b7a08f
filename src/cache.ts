/**
 * The OCR cache: one JSON file per page read, keyed by the image's content hash, the engine and data
 * versions, and the preprocessing options. Entries are written atomically (write beside, then rename), so
 * two runs at once cannot leave half a file; an entry that does not parse or validate is never trusted:
 * the page is read again and the entry replaced, with a warning. Two runs that miss the same page at once
 * do not both read it: the second waits on a lock file (proper-lockfile: its holder keeps it fresh, and a
 * dead holder's lock goes stale and is taken over) and then finds the page in the cache.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { shown, writeAtomic } from './files.js';
import { OcrLine, OcrPage } from './model.js';

export { DEFAULT_CACHE_DIR } from './defaults.js';
/** Bump when the shape of an entry or the way a page is read changes. */
const CACHE_FORMAT = 1;

const Entry = z.object({
  format: z.literal(CACHE_FORMAT),
  key: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  turn: OcrPage.shape.turn,
  lines: z.array(OcrLine),
  unread: OcrPage.shape.unread,
});
export type CacheEntry = z.infer<typeof Entry>;

export interface OcrCache {
  get(key: string): Promise<CacheEntry | undefined>;
  put(entry: Omit<CacheEntry, 'format'>): Promise<void>;
  /**
   * Takes the key's lock, waiting while another run holds it (that run is reading the same page), and
   * returns its release. A lock whose holder died goes stale and is taken over.
   */
  lock(key: string): Promise<() => Promise<void>>;
}

/**
 * A held lock's file is touched every half of this; one untouched for this long belongs to a run that died,
 * and is taken over. Long enough for a busy machine to miss a touch or two, short against a page's OCR.
 */
const LOCK_STALE_MS = 10_000;
/** How often a run waiting for a page another run is reading looks again. */
const LOCK_POLL_MS = 250;

/** The cache key: a digest of everything that decides what OCR reads from the page. */
export function cacheKey(parts: { digest: string; engine: object; options: object }): string {
  return createHash('sha256').update(JSON.stringify({ format: CACHE_FORMAT, ...parts })).digest('hex');
}

export function openCache(dir: string, warn: (line: string) => void): OcrCache {
  const fileOf = (key: string) => path.join(dir, 'ocr', key.slice(0, 2), `${key}.json`);
  return {
    async get(key) {
      const file = fileOf(key);
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch {
        return undefined;
      }
      try {
        const entry = Entry.parse(JSON.parse(text));
        if (entry.key === key) return entry;
      } catch {
        // Falls through to the warning: a damaged entry is read again, never trusted.
      }
      warn(`warning: ${shown(file)}: damaged cache entry; reading the page again`);
      return undefined;
    },
    async put(entry) {
      await writeAtomic(fileOf(entry.key), JSON.stringify({ format: CACHE_FORMAT, ...entry }));
    },
    async lock(key) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const options = { realpath: false, stale: LOCK_STALE_MS, lockfilePath: `${file}.lock`, onCompromised: () => warn(`warning: ${shown(file)}.lock: lost the lock on this page; another run may read it too`) };
      // Loaded here: a run whose pages are all in the cache never locks, and need not load it.
      const { default: lockfile } = await import('proper-lockfile');
      for (;;) {
        try {
          return await lockfile.lock(file, options);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
          await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
        }
      }
    },
  };
}

/** A cache that holds nothing, for --no-cache. */
export const NO_CACHE: OcrCache = { get: async () => undefined, put: async () => {}, lock: async () => async () => {} };
