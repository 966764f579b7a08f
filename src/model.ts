/**
 * The data model: every schema the tool reads or writes, and the types inferred from them.
 * Other modules import their types from here; nothing here does I/O or carries an algorithm.
 */
import { z } from 'zod';

/** What part of a telegram page a line belongs to. Only `body` is the message. */
export const RegionClass = z.enum([
  'form-header', // the printed "DEPARTMENT OF STATE / INCOMING TELEGRAM" form
  'routing', // telegraph-office matter: action/info routing, operator codes, date received, "No paraphrase necessary"
  'classification', // "SECRET" marks, often struck through at declassification
  'stamp', // the boxed declassification stamp
  'continuation-header', // "-7- #511, February 22, 9 p.m. from Moscow via War"
  'body', // the message itself
  'catchword', // words at the foot of a page, repeated at the head of the next
  'marginalia', // handwritten initials, file notes
  'signature', // the sender's name at the end
]);
export type RegionClass = z.infer<typeof RegionClass>;

/** A document id such as `511`: also a folder name, so no separators or dots. */
export const DocumentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a document id is letters, digits, "-" or "_"');

/** One line of a page as the document shows it. */
export const TruthLine = z
  .object({
    /** The text as printed on the page, struck-through marks without their strike. */
    text: z.string().min(1, 'a line has text'),
    class: RegionClass,
    /** Typed over with hyphens or ruled through, as "SECRET" was at declassification. */
    struck: z.boolean().optional(),
    /** Written by hand rather than typed or stamped. */
    hand: z.boolean().optional(),
    /** 1-based line number in the seed transcription this line comes from. */
    seedLine: z.number().int().positive().optional(),
    /** The seed's own reading of this line, where it differs from `text` (a misread page number, markdown). */
    seedText: z.string().optional(),
    /** Lines of a page with the same group form one block on the page (one stamp box, one routing column). */
    group: z.number().int().nonnegative().optional(),
  })
  .strict();
export type TruthLine = z.infer<typeof TruthLine>;

/** The ground truth of one physical page: every line on it, in reading order, with its class. */
export const TruthPage = z
  .object({
    /** The page number as the document prints it: "7", "13½". */
    label: z.string({ error: 'a page has a label' }).min(1, 'a page has a label'),
    /** The file, under ../shared/seeds, the page is transcribed from; absent for constructed pages. */
    seed: z.string().optional(),
    note: z.string().optional(),
    lines: z.array(TruthLine, { error: 'a page lists its lines' }).min(1, 'a page is empty: it has no lines'),
  })
  .strict();
export type TruthPage = z.infer<typeof TruthPage>;

/** Bibliographic metadata kept beside each edition text, in `transcripts/<id>.json`. */
export const EditionMeta = z
  .object({
    id: DocumentId,
    title: z.string(),
    commonName: z.string().optional(),
    sender: z.string(),
    addressee: z.string(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    telegramNumber: z.number().int().positive(),
    archiveFile: z.string(),
    frus: z.object({
      series: z.string(),
      year: z.number().int(),
      volume: z.string(),
      volumeTitle: z.string(),
      pages: z.string(),
      citation: z.string(),
    }),
    source: z.object({ seed: z.string(), note: z.string() }),
  })
  .strict();
export type EditionMeta = z.infer<typeof EditionMeta>;

export const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type BBox = z.infer<typeof BBox>;

/** Where the renderer put one truth line: one bbox per physical line it was typed on. */
export const RenderedRegion = z.object({
  line: z.number().int().nonnegative(),
  class: RegionClass,
  boxes: z.array(BBox),
});
export type RenderedRegion = z.infer<typeof RenderedRegion>;

export const ManifestPage = z.object({
  file: z.string(),
  label: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  skewDegrees: z.number().optional(),
  regions: z.array(RenderedRegion).optional(),
});
export type ManifestPage = z.infer<typeof ManifestPage>;

/** `scans/<id>/manifest.json`: page order and labels, and for facsimiles how each page was made. */
export const Manifest = z.object({
  document: DocumentId,
  facsimile: z
    .object({ generator: z.string(), seed: z.number().int(), fixture: z.string(), note: z.string() })
    .optional(),
  pages: z.array(ManifestPage).min(1),
});
export type Manifest = z.infer<typeof Manifest>;
