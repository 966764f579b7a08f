/**
 * The defaults the command line shows in `--help`, apart from the modules that use them, so that wiring
 * the commands loads nothing heavy: each command's module, and sharp, tesseract.js, MuPDF and the XML
 * libraries with it, is loaded only when that command runs.
 */
import os from 'node:os';
import type { OcrOptions } from './model.js';

/** Where the OCR cache, and the models set up for it, are kept. */
export const DEFAULT_CACHE_DIR = '.collate-cache';

/** The facsimile renderer's default seed. */
export const DEFAULT_SEED = 1946;

/** OCR workers: one per core. */
export const defaultJobs = () => Math.max(1, os.availableParallelism());

/**
 * Chosen by measurement with `collate eval` on the facsimiles (see BENCHMARKS.md): without the median
 * filter or the deskew, body CER rises several-fold; the LSTM engine reads about three times fewer
 * characters wrong than the legacy one, at about twice the time. tessdata_best over tessdata_fast: on the
 * facsimiles, fast reads about twice as many characters wrong (511: 33 against 16 in 34,060) and puts three
 * misreadings into the apparatus as substantive variants; on 27 real pages it reads 0.27 points of CER better.
 */
export const DEFAULT_OCR: OcrOptions = { rescale: true, suppressColour: true, normalize: true, despeckle: 3, deskew: true, engine: 'lstm', model: 'best', charset: 'typewriter' };
