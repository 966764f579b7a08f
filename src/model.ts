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
  'page-number', // "- 2 -": the page's number, typed alone at its head or foot
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

/**
 * How a facsimile page is made to differ from the default rendering: its page design and the state of the
 * copy the scanner saw. The default (every field as `DEFAULT_FACSIMILE_STYLE` has it) is the telegram as `scans/511` shows it.
 */
export const FacsimileStyle = z
  .object({
    /** `telegram`: a 1946 incoming-telegram sheet; `despatch`: a Foreign Service despatch on letterhead. */
    layout: z.enum(['telegram', 'despatch']),
    /** Pixels (at 300 dpi) by which the heading matter is set lower than the design's usual place. */
    headerDrop: z.number().int().nonnegative().max(1500),
    /** Telegram: the routing code is typed at the right end of the continuation header's line. */
    routingOnHeader: z.boolean(),
    /** Stamp ink: the design's coloured inks, or black. */
    stampInk: z.enum(['colour', 'black']),
    /** Scanned in grayscale: one channel, no colour left to tell stamp ink by. */
    grayscale: z.boolean(),
    /** Scanning resolution; the page is drawn at 300 dpi and resampled. */
    dpi: z.number().int().min(72).max(300),
    /** What was scanned: the typed original, a photocopy (hard contrast, toner specks) or a carbon copy (spread, grey strokes). */
    copy: z.enum(['original', 'photocopy', 'carbon']),
  })
  .strict();
export type FacsimileStyle = z.infer<typeof FacsimileStyle>;

/** Some of a page's style, the rest left to the defaults or to the settings underneath. */
export const FacsimileStyleSettings = FacsimileStyle.partial();
export type FacsimileStyleSettings = z.infer<typeof FacsimileStyleSettings>;

export const DEFAULT_FACSIMILE_STYLE: FacsimileStyle = { layout: 'telegram', headerDrop: 0, routingOnHeader: false, stampInk: 'colour', grayscale: false, dpi: 300, copy: 'original' };

/** `fixtures/<id>/facsimile.json`: how the fixture's pages are rendered by default, page by page where they differ. */
export const FacsimileConfig = z
  .object({
    seed: z.number().int().nonnegative().optional(),
    /** The style of every page. */
    style: FacsimileStyleSettings.optional(),
    /** A page's own style, keyed by its label, over `style`. */
    pages: z.record(z.string(), FacsimileStyleSettings).optional(),
  })
  .strict();
export type FacsimileConfig = z.infer<typeof FacsimileConfig>;

export const ManifestPage = z.object({
  file: z.string(),
  label: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  skewDegrees: z.number().optional(),
  regions: z.array(RenderedRegion).optional(),
  /** For a facsimile page not in the default style: how it was rendered. */
  style: FacsimileStyle.optional(),
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

/** One word as OCR read it: never overwritten, only annotated downstream. */
export const OcrWord = z.object({
  text: z.string(),
  bbox: BBox,
  /** tesseract's confidence, 0–100. */
  confidence: z.number(),
  /** The share of the word's ink that is coloured (0–1): high for stamp ink, low for typing. */
  colour: z.number().min(0).max(1).optional(),
  /**
   * The first model's reading of the same ink, where a second opinion replaced it (`src/ocr/second-opinion.ts`):
   * the two models disagree here, and the apparatus weighs both.
   */
  alt: z.string().optional(),
});
export type OcrWord = z.infer<typeof OcrWord>;

export const OcrLine = z.object({
  /** Position of the line on its page, in reading order, from 0. */
  index: z.number().int().nonnegative(),
  text: z.string(),
  bbox: BBox,
  confidence: z.number(),
  words: z.array(OcrWord),
});
export type OcrLine = z.infer<typeof OcrLine>;

/** A page as OCR read it, before stripping. */
export const OcrPage = z.object({
  label: z.string(),
  /** Where the page stands in the document, from 1. */
  position: z.number().int().positive().optional(),
  file: z.string(),
  /** Which page of a multi-page TIFF or PDF, from 0. */
  subpage: z.number().int().nonnegative().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** How far the page was turned clockwise to be read upright (scanned upside down or on its side); its boxes are on the page as scanned. */
  turn: z.union([z.literal(90), z.literal(180), z.literal(270)]).optional(),
  lines: z.array(OcrLine),
  /**
   * Ink no word was read from: patches of dark pixels that no OCR word covers (a hand's initials over a
   * word, a stamp struck on the typing), and the regions lifted out as stamps. A word the page holds may be
   * hidden there; the apparatus does not call a word missing where the page cannot be read. Our own OCR
   * gives it; a witness read elsewhere (hOCR, ALTO, text) has none, and only its stripped lines cover.
   */
  unread: z.array(BBox).optional(),
});
export type OcrPage = z.infer<typeof OcrPage>;

/** What a stripped line was: a region class other than body, or noise (specks read as letters). */
export const StripClass = z.enum([...RegionClass.exclude(['body']).options, 'noise']);
export type StripClass = z.infer<typeof StripClass>;

/** A line, or part of a line, removed from a page, and the rule that removed it. */
export const StrippedLine = z.object({
  page: z.string(),
  file: z.string(),
  /** Index of the OCR line on its page. */
  line: z.number().int().nonnegative(),
  text: z.string(),
  class: StripClass,
  rule: z.string(),
  bbox: BBox,
  confidence: z.number(),
});
export type StrippedLine = z.infer<typeof StrippedLine>;

/** A line of the message: the OCR line it was cut from, and the words it keeps. */
export const BodyLine = z.object({
  /** Index of the OCR line on its page. */
  line: z.number().int().nonnegative(),
  text: z.string(),
  bbox: BBox,
  confidence: z.number(),
  words: z.array(OcrWord),
});
export type BodyLine = z.infer<typeof BodyLine>;

/** A page after stripping: the message's lines, and everything else with the rule that took it. */
export const StrippedPage = z.object({
  label: z.string(),
  file: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  body: z.array(BodyLine),
  stripped: z.array(StrippedLine),
  /** The OCR page's `unread` ink, where a word may be hidden. */
  unread: z.array(BBox).optional(),
  /** How far the page was turned to be read upright (OcrPage's `turn`); its boxes are on the page as scanned. */
  turn: OcrPage.shape.turn,
});
export type StrippedPage = z.infer<typeof StrippedPage>;

/** One page of a document: an image file, and which page of it when the file holds several. */
export interface PageSource {
  /** Where the page stands in the document, from 1: what `--pages` counts. */
  position: number;
  file: string;
  /** Which page of a multi-page TIFF or PDF, from 0; 0 otherwise. */
  subpage: number;
  /** How many pages the file holds. */
  subpages: number;
  /** The number as the document prints it ("13½"), from the manifest or the file name. */
  label: string;
}

/** How a page image is prepared for OCR. Part of the cache key. */
export const PreprocessOptions = z.object({
  /** Resample the page so that its typing has the x-height tesseract reads best (low-resolution scans, 600 dpi scans). */
  rescale: z.boolean(),
  /** Lift coloured ink (stamps) to paper before OCR, so a stamp over the text does not corrupt it. */
  suppressColour: z.boolean(),
  /** Stretch contrast to the full range. */
  normalize: z.boolean(),
  /** Median filter size against dust and specks; 0 for none. */
  despeckle: z.number().int().nonnegative(),
  /** Measure the page's skew and level the text before OCR; boxes are mapped back to the image as scanned. */
  deskew: z.boolean(),
});
export type PreprocessOptions = z.infer<typeof PreprocessOptions>;

/** How a page is read: its preparation, and the recognizer. Part of the cache key. */
export const OcrOptions = PreprocessOptions.extend({
  /**
   * What reads the prepared page: tesseract.js's LSTM recognizer, its legacy shape classifier (tessdata,
   * which carries it), or the native `tesseract` CLI's LSTM recognizer where one is installed.
   */
  engine: z.enum(['lstm', 'legacy', 'native']),
  /** The LSTM model: tessdata_fast or tessdata_best (integer). The legacy engine always reads tessdata. */
  model: z.enum(['fast', 'best']),
  /** Only characters a 1940s typewriter could strike (printable ASCII); otherwise anything the model knows. */
  charset: z.enum(['typewriter', 'any']),
});
export type OcrOptions = z.infer<typeof OcrOptions>;

/** What `collate ocr --json` prints: each page's body lines (or, with --raw, its OCR lines) and what was stripped. */
export const OcrOutput = z.object({
  document: z.string(),
  pages: z.array(
    z.object({
      label: z.string(),
      file: z.string(),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      body: z.array(BodyLine).optional(),
      lines: z.array(OcrLine).optional(),
      /** Ink no word was read from, and lifted stamps' regions (see OcrPage). */
      unread: z.array(BBox).optional(),
    }),
  ),
  /** The same words, flat, in reading order, each with its page label, image file and line: the body's, or all with --raw. */
  words: z.array(OcrWord.extend({ page: z.string(), file: z.string(), line: z.number().int().nonnegative() })),
  stripped: z.array(StrippedLine),
});
export type OcrOutput = z.infer<typeof OcrOutput>;

const Rate = z.object({ errors: z.number().int().nonnegative(), length: z.number().int().nonnegative(), rate: z.number() });

/** How well stripping told one class apart, counted in OCR lines (or parts of lines). */
export const ClassScore = z.object({
  /** Lines OCR read whose ground truth is this class. */
  truth: z.number().int().nonnegative(),
  /** Lines stripping put in this class that match a ground-truth line (specks and smears match none). */
  predicted: z.number().int().nonnegative(),
  correct: z.number().int().nonnegative(),
  precision: z.number(),
  recall: z.number(),
  /** Ground-truth lines of this class that OCR did not read at all, so stripping never saw them. */
  unread: z.number().int().nonnegative(),
});

export const EvalPage = z.object({
  label: z.string(),
  file: z.string(),
  cer: Rate,
  wer: Rate,
  /** Boilerplate lines that stripping left in the body, with their true class. */
  leaked: z.array(z.object({ line: z.number().int(), text: z.string(), class: RegionClass })),
  /** Specks or marks with no line in the ground truth, left in the body. */
  noise: z.array(z.object({ line: z.number().int(), text: z.string() })),
  /** Lines stripped under another class than their own. */
  confused: z.array(z.object({ line: z.number().int(), text: z.string(), class: RegionClass, stripped: StripClass })),
  /** Body text that stripping removed, or that OCR did not read. */
  lost: z.array(z.object({ text: z.string(), words: z.number().int(), why: z.string() })),
});
export type EvalPage = z.infer<typeof EvalPage>;

/** What `collate eval` reports: OCR and stripping measured against the ground truth. */
export const EvalReport = z.object({
  document: z.string(),
  fixtures: z.string(),
  pages: z.array(EvalPage),
  total: z.object({
    cer: Rate,
    wer: Rate,
    leakedLines: z.number().int().nonnegative(),
    noiseLines: z.number().int().nonnegative(),
    bodyWords: z.number().int().nonnegative(),
    lostWords: z.number().int().nonnegative(),
    lostRate: z.number(),
  }),
  classes: z.record(z.string(), ClassScore),
  /** Against fixtures/<id>/apparatus.gold.json, when there is one. */
  apparatus: z.lazy(() => ApparatusScore).optional(),
});
export type EvalReport = z.infer<typeof EvalReport>;

/** A typed line of another people's line-level ground truth (ALTO or PAGE), its box in the image's pixels. */
export const TruthTextLine = z.object({ text: z.string().min(1, 'a ground-truth line has text'), bbox: BBox });
export type TruthTextLine = z.infer<typeof TruthTextLine>;

/** Line-level ground truth of one page image, read from an ALTO or PAGE file beside it or under --truth. */
export const LineTruth = z.object({
  /** The ALTO or PAGE file. */
  file: z.string(),
  format: z.enum(['alto', 'page']),
  /** The image it transcribes, and that image's size in pixels. */
  image: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** In the file's order, the transcriber's, which is not always reading order. */
  lines: z.array(TruthTextLine).min(1, 'the ground truth has no lines'),
});
export type LineTruth = z.infer<typeof LineTruth>;

/** A count out of a total: lines lost out of the ground truth's lines, leaked characters out of its characters. */
const Share = z.object({ count: z.number().int().nonnegative(), of: z.number().int().nonnegative(), rate: z.number() });

/** One reading of a page (collate's body, or an engine's whole page) scored against line-level ground truth. */
export const LineScores = z.object({
  /** Edit distance of each ground-truth line against the words placed on it, over the ground truth's characters. */
  cer: Rate,
  /** The same in words. */
  wer: Rate,
  /** Ground-truth lines with no word placed on them. */
  linesLost: Share,
  /**
   * The same, over the message's lines only: ground-truth lines that are not page numbers ("- 2 -") or
   * catchwords (a page's last line, repeated as the next page's first words), which line-level ground truth
   * transcribes and an edition leaves out. Told from the ground truth alone, so it is the same for any reader.
   */
  messageLinesLost: Share,
  /** CER over the message's lines only (the same lines as messageLinesLost). */
  messageCer: Rate,
  /** Characters of words placed on no ground-truth line (stamps, handwriting, marginalia), over the ground truth's characters. */
  leak: Share,
  /** Ground-truth words with no equal word placed on their line. */
  wordsMissed: Share,
});
export type LineScores = z.infer<typeof LineScores>;

export const LineEvalPage = z.object({
  label: z.string(),
  file: z.string(),
  /** The ALTO or PAGE file. */
  truth: z.string(),
  collate: LineScores,
  baseline: LineScores.optional(),
  /** collate's words that fell on no ground-truth line, in reading order. */
  leaked: z.array(z.string()),
  /** Ground-truth lines on which collate placed no word. */
  lost: z.array(z.string()),
  /**
   * Of the lost lines, those that collate read and stripped, with the rule that stripped them: a page number
   * or a catchword is stripped on purpose (the ground truth transcribes them, an edition leaves them out); any
   * other rule here stripped a line of the message by mistake.
   */
  strippedLost: z.array(z.object({ text: z.string(), rule: z.string() })).optional(),
});
export type LineEvalPage = z.infer<typeof LineEvalPage>;

/** What `collate eval` reports against line-level ground truth (ALTO or PAGE), with native tesseract beside it on request. */
export const LineEvalReport = z.object({
  document: z.string(),
  /** How the figures were computed: words placed on ground-truth lines by their centres. */
  method: z.literal('line-placement'),
  /** Where the ground truth was found: a folder, or "beside the scans". */
  truth: z.string(),
  pages: z.array(LineEvalPage),
  total: z.object({ collate: LineScores, baseline: LineScores.optional() }),
  /** The engine run beside collate, nothing stripped. */
  baseline: z.object({ engine: z.literal('tesseract'), version: z.string(), command: z.string() }).optional(),
  /** collate's figure over the baseline's, in total; null where the baseline's is 0. */
  ratio: z.object({ cer: z.number().nullable(), wer: z.number().nullable(), linesLost: z.number().nullable(), leak: z.number().nullable() }).optional(),
});
export type LineEvalReport = z.infer<typeof LineEvalReport>;

/** A token of a witness: the text as written (`t`), the form used for matching (`n`), and where it stands. */
export interface EditionToken {
  t: string;
  n: string;
  /** Character offsets into the transcript. */
  start: number;
  end: number;
  /** Index of the editorial mark this token belongs to, when it is the editors' matter, not the document's. */
  editorial?: number;
}

/**
 * FRUS's own editorial matter in an edition text. A `frame` is the document's own address, date line or
 * signature (TEI's <opener>, <dateline>, <closer>, <signed>), set apart by the edition from the message.
 */
export const EditionMark = z.object({
  kind: z.enum(['conjecture', 'correction', 'supplied', 'omission', 'empty', 'heading', 'page', 'note-ref', 'frame']),
  /** For a heading: `document` for the heading before the message, `section` for one within it (TEI); for a frame, its TEI element. */
  subkind: z.string().optional(),
  /** As written, brackets included; for a correction, with the corrected word before it. */
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The bracket's content: the conjectured or corrected reading, the page number, the note number. */
  value: z.string().optional(),
});
export type EditionMark = z.infer<typeof EditionMark>;

export const EditionNote = z.object({ n: z.string(), text: z.string(), start: z.number().int(), end: z.number().int() });
export type EditionNote = z.infer<typeof EditionNote>;

/**
 * Where an edition's reading text came from when the transcript is markup (TEI): the file's offset of each
 * character of the reading text, and the offsets where the file's lines begin, for line and column.
 */
export interface EditionSource {
  format: 'tei';
  /** The TEI document read: its xml:id, when it has one. */
  document?: string;
  offsets: readonly number[];
  lineStarts: readonly number[];
}

export interface ParsedEdition {
  /** The reading text: the transcript itself, or for TEI the text its markup gives. Offsets count its characters. */
  text: string;
  tokens: EditionToken[];
  marks: EditionMark[];
  notes: EditionNote[];
  /** Problems the parser read past, such as an unbalanced bracket, with their place. */
  warnings: { offset: number; line: number; column: number; message: string }[];
  /** For a TEI transcript: where the reading text lies in the file. */
  source?: EditionSource;
}

/** A token of the scan witness, with where it was read. */
export interface ScanToken {
  t: string;
  n: string;
  /** Offsets into the scan witness's text. */
  start: number;
  end: number;
  page: string;
  file: string;
  line: number;
  bbox: BBox;
  confidence: number;
  /** Another model's reading of the token's word, where the two disagree (OcrWord's `alt`), its marks trimmed. */
  alt?: string;
}

export const EntryType = z.enum(['garble', 'editorial', 'substantive', 'accidental', 'ocr']);
export type EntryType = z.infer<typeof EntryType>;
export const EntryStatus = z.enum(['unreviewed', 'accepted', 'ocr-error', 'rejected']);

/** One difference between the edition and the scan, typed and placed on both. */
export const Entry = z.object({
  /** Stable while both texts stay the same; reviewers' decisions are keyed by it. */
  id: z.string(),
  type: EntryType,
  subtype: z.string().optional(),
  /** The classifier rule that typed the entry. */
  rule: z.string(),
  /** The edition's text of the span, as written; "" where the edition has nothing. */
  lemma: z.string(),
  /** The scan's text of the span, as read; "" where the scan has nothing. */
  reading: z.string(),
  /** The page label the reading is on (for an omission, the page where the text would be). */
  page: z.string(),
  scan: z.object({
    file: z.string(),
    line: z.number().int().nonnegative(),
    bbox: BBox,
    /** The lowest OCR confidence among the reading's words (0–100); for an omission, its neighbour's. */
    confidence: z.number(),
    /** Offsets into the scan witness's text (its body lines, one per line). */
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  }),
  edition: z.object({
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    /** For a TEI edition, where the lemma begins in the file (1-based); the offsets count its reading text. */
    line: z.number().int().positive().optional(),
    column: z.number().int().positive().optional(),
  }),
  context: z.object({ before: z.string(), after: z.string() }),
  /** Why the noise model typed the entry as it did, when it judged it (a difference of words read by OCR). */
  evidence: z
    .object({
      /** P(the difference is OCR error | the reading, its confidence, the run's channel, the lexicon), 0–1. */
      noise: z.number().min(0).max(1),
      /** The words the page most likely holds, where they differ from the reading as read; the entry is typed by them. */
      believed: z.string().optional(),
      /** What the page may hold, most likely first: a word ("" for nothing) and its probability. */
      alternatives: z.array(z.object({ word: z.string(), p: z.number().min(0).max(1) })),
      /** A misread into another real word, or a call made with doubt: worth a reviewer's look. */
      suspect: z.boolean(),
    })
    .optional(),
  status: EntryStatus,
});
export type Entry = z.infer<typeof Entry>;

/** The apparatus: what `collate run` writes. The JSON Schema in schema/apparatus.schema.json is generated from it. */
export const Apparatus = z.object({
  schemaVersion: z.literal(1),
  document: z.string(),
  witnesses: z.object({
    scan: z.object({
      folder: z.string(),
      /** Each page, and the edition offset its text begins at (where a TEI <pb/> goes). */
      pages: z.array(z.object({ label: z.string(), file: z.string(), edition: z.number().int().nonnegative().optional() })),
      /** The scan's reading text: each page's body lines, one per line. Entries' scan offsets point into it. */
      text: z.string(),
    }),
    edition: z.object({
      file: z.string(),
      /** sha256 of the transcript as read, so a changed edition is noticed. */
      digest: z.string(),
      /** A TEI transcript: the document collated (its xml:id, when it has one). Offsets count its reading text. */
      tei: z.object({ document: z.string().optional() }).optional(),
      /** The span of the edition the scan covers, in character offsets. */
      span: z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }),
    }),
  }),
  entries: z.array(Entry),
  /** Page markers, note references and headings in the edition's span: milestones, not variants. */
  milestones: z.array(EditionMark),
  notes: z.array(EditionNote),
  stripped: z.array(StrippedLine),
  /**
   * Lines a strip rule took that the edition shows are the document's text, given back to the body: each
   * with the class and rule that had taken it, and the share of its word pairs found in the edition.
   */
  reclaimed: z
    .array(
      StrippedLine.extend({
        share: z.number().min(0).max(1),
        /**
         * Why it was given back, where not for its word pairs: `catchword-printed`, the edition prints the
         * page's catchword (its words twice over, as the page's foot and the next page's head). Its `share` is
         * then 1: every word of it stands in the edition, at that place.
         */
        because: z.literal('catchword-printed').optional(),
      }),
    )
    .optional(),
});
export type Apparatus = z.infer<typeof Apparatus>;

/** A hand-typed gold apparatus entry (fixtures/<id>/apparatus.gold.json). */
export const GoldEntry = z.object({
  type: EntryType,
  subtype: z.string().optional(),
  lemma: z.string(),
  reading: z.string(),
  edition: z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }),
  note: z.string().optional(),
});
export const Gold = z.object({ document: z.string(), edition: z.string(), witness: z.string(), entries: z.array(GoldEntry) });
export type Gold = z.infer<typeof Gold>;

/** How the apparatus made from OCR compares with the gold: the targets of the variant types. */
export const ApparatusScore = z.object({
  /** Gold entries of each kind, and how many the OCR apparatus found with the same type and subtype. */
  garble: z.object({ gold: z.number().int(), found: z.number().int() }),
  editorial: z.object({ gold: z.number().int(), found: z.number().int() }),
  substantive: z.object({ gold: z.number().int(), found: z.number().int(), recall: z.number() }),
  /** Entries typed substantive, garble or editorial, and how many of them are in the gold. */
  precision: z.object({ reported: z.number().int(), inGold: z.number().int(), rate: z.number() }),
  missed: z.array(z.string()),
  spurious: z.array(z.string()),
});
export type ApparatusScore = z.infer<typeof ApparatusScore>;

export const DECISIONS_VERSION = 1;

/** A reviewer's decision on one entry, with what it replaced. */
export const Decision = z
  .object({
    /** `unreviewed` records a note (or a type) given before the reviewer decides. */
    status: EntryStatus,
    /** The type or subtype the reviewer gave, when they changed it. */
    type: EntryType.optional(),
    subtype: z.string().optional(),
    note: z.string().optional(),
    reviewer: z.string().min(1),
    time: z.string().datetime({ offset: true }),
    /** The entry as it stood when decided, so an orphaned decision can still be read. */
    entry: z.object({ type: EntryType, subtype: z.string().optional(), lemma: z.string(), reading: z.string(), page: z.string(), edition: z.object({ start: z.number().int(), end: z.number().int() }) }),
    /** The decision this one replaced, if any. */
    previous: z.lazy((): z.ZodType<unknown> => Decision.omit({ previous: true })).optional(),
  })
  .strict();
export type Decision = z.infer<typeof Decision>;

/** transcripts/<id>.decisions.json: reviewers' decisions, keyed by entry id. */
export const Decisions = z
  .object({
    schemaVersion: z.literal(DECISIONS_VERSION),
    document: DocumentId,
    /** The edition text the decisions were made against. */
    edition: z.object({ file: z.string(), digest: z.string() }),
    decisions: z.record(z.string(), Decision),
  })
  .strict();
export type Decisions = z.infer<typeof Decisions>;

/** A regular expression, as written in a config file (case is ignored when it is used). */
const Pattern = z.string().refine((source) => {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}, 'is not a regular expression');

/**
 * The wording of a collection's forms, stamps and routing, which the strip rules look for (`StripTerms` in
 * src/strip-rules.ts). Each list given replaces the default one; a list left out keeps its default.
 */
export const StripTermsConfig = z
  .object({
    forms: z.array(z.string().min(1)),
    classifications: z.array(z.string().min(1)),
    stamps: z.array(Pattern),
    routing: z.array(Pattern),
    references: z.array(Pattern),
  })
  .partial()
  .strict();
export type StripTermsConfig = z.infer<typeof StripTermsConfig>;

/** collate.config.json: the thresholds `collate check` holds the documents to, and the collection's terms. */
export const CollateConfig = z
  .object({
    documents: z.array(DocumentId).optional(),
    /** The wording of the collection's forms and stamps, where it differs from the defaults. */
    strip: StripTermsConfig.optional(),
    /** Highest body CER on the fixtures, as a fraction (0.005 is 0.5%). */
    maxBodyCer: z.number().min(0).max(1).default(0.005),
    /** Entry types a reviewer must decide. */
    mustReview: z.array(EntryType).default(['substantive', 'garble', 'editorial']),
  })
  .strict();
export type CollateConfig = z.infer<typeof CollateConfig>;

/** A finding of `collate check`, shaped like vfile-message. */
export interface Finding {
  ruleId: 'edition-changed' | 'unreviewed' | 'orphaned-decision' | 'body-cer' | 'schema';
  reason: string;
  /** Where: a file, with a line and column when known. */
  place: { file: string; line?: number; column?: number };
  source: string;
  actual?: string;
  expected?: string;
  fatal: boolean;
  /** How to fix it. */
  fix: string;
}
