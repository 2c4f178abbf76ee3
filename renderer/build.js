// Builds the renderer: one esbuild bundle (app.js + app.css) and index.html into dist/renderer/.
// Plain CommonJS run by `npm run build:renderer`, so it needs no compile step of its own.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
// --outdir DIR builds elsewhere (a scratch copy while another build owns dist/).
const at = process.argv.indexOf('--outdir');
const out = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(here, '..', 'dist', 'renderer');

async function main() {
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: { app: path.join(here, 'src', 'main.tsx') },
    bundle: true,
    outdir: out,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: !process.argv.includes('--dev'),
    sourcemap: true,
    define: { 'process.env.NODE_ENV': JSON.stringify(process.argv.includes('--dev') ? 'development' : 'production') },
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'icon.svg']) fs.copyFileSync(path.join(here, file), path.join(out, file));
}

main().catch((err) => {
  console.error(err.message || err);
  process.exit(1);
});
