/**
 * Loaded with `node --import` into the CLI under test: makes String.prototype.normalize throw a plain
 * TypeError on any text holding $COLLATE_FAULT, as a bug in a stage would, so a test can see what the
 * CLI does with an error nobody planned for.
 */
const marker = process.env.COLLATE_FAULT;
const normalize = String.prototype.normalize;
String.prototype.normalize = function (form) {
  if (marker && String(this).includes(marker)) throw new TypeError(`fault injected at "${marker}"`);
  return normalize.call(this, form);
};
