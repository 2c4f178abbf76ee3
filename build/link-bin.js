// Makes `npx likeness` run this checkout's CLI directly (the README runs bin/likeness itself): links bin/likeness into
// node_modules/.bin. package.json has no "bin" on purpose: npm exec installs a project that declares its own bin into
// its npx cache, which rebuilds the whole project on the first run (`prepare`) and costs a second of dependency-tree
// reading on every later one; a command found in node_modules/.bin is simply run. Run by `prepare` (npm ci).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const binDir = path.join(root, 'node_modules', '.bin');
const target = path.join(root, 'bin', 'likeness');
fs.mkdirSync(binDir, { recursive: true });
if (process.platform === 'win32') {
  // Windows runs .cmd files, not symlinks or shebangs.
  fs.writeFileSync(path.join(binDir, 'likeness.cmd'), `@node "%~dp0\\..\\..\\bin\\likeness" %*\r\n`);
} else {
  const link = path.join(binDir, 'likeness');
  fs.rmSync(link, { force: true });
  fs.symlinkSync(path.relative(binDir, target), link);
  fs.chmodSync(target, 0o755);
}
