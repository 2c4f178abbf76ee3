#!/usr/bin/env node
// Packaging step: fetches the catalog's default model from its canonical URL into build/models, checking its
// sha256 while downloading (electron/engine/models/download.ts, the same code as `likeness models download`), so
// that the installers ship a verified model and work offline from the first run. Needs `npm run build` first.
// Usage: node build/fetch-default-model.js [MODEL_ID]
'use strict';
const path = require('node:path');
const root = path.join(__dirname, '..');
const { DEFAULT_MODEL_ID, getModel } = require(path.join(root, 'dist/electron/engine/models/catalog.js'));
const { ensureModel } = require(path.join(root, 'dist/electron/engine/models/locate.js'));

async function main() {
  const entry = getModel(process.argv[2] || DEFAULT_MODEL_ID);
  const modelsDir = path.join(__dirname, 'models');
  const file = await ensureModel(entry, { modelsDir, dataDir: path.join(__dirname, '.cache'), allowDownload: true });
  process.stdout.write(`${entry.id}: ${file} (sha256 ${entry.sha256} verified)\n`);
}

main().catch((err) => {
  process.stderr.write(`fetch-default-model: ${err.message}\n`);
  process.exit(1);
});
