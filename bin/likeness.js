#!/usr/bin/env node
// Entry point of the `likeness` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
require('../dist/electron/cli/main.js').main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
