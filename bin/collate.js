#!/usr/bin/env node
// The bundle of dist/cli.js (rolldown.config.mjs): a few files to load instead of about 150.
import { main } from '../dist/cli.bundle.js';

process.exitCode = await main(process.argv);
