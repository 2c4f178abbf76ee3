// The service's small parts: settings and recent folders survive a restart (and a damaged file), progress is
// throttled to a few updates a second without losing the first and last step of a stage, typed folder paths.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, MAX_RECENT, SettingsStore, SETTINGS_FILE } from '../electron/engine/service/settings-store';
import { ProgressThrottle } from '../electron/engine/service/jobs';
import { typedFolderPath } from '../electron/engine/paths';
import { tempDir } from './helpers';

test('settings and recent folders are remembered across restarts', () => {
  const dir = tempDir();
  const a = new SettingsStore(dir);
  assert.deepEqual(a.get(), DEFAULT_SETTINGS);
  a.set({ granularity: 0.8, theme: 'dark' });
  a.addRecent('/photos/a');
  a.addRecent('/photos/b');
  a.addRecent('/photos/a');
  const b = new SettingsStore(dir);
  assert.deepEqual(b.get(), { ...DEFAULT_SETTINGS, granularity: 0.8, theme: 'dark' });
  assert.deepEqual(b.recent(), ['/photos/a', '/photos/b']);
});

test('the recent list keeps only the latest folders', () => {
  const s = new SettingsStore(tempDir());
  for (let i = 0; i < MAX_RECENT + 5; i++) s.addRecent(`/f/${i}`);
  assert.equal(s.recent().length, MAX_RECENT);
  assert.equal(s.recent()[0], `/f/${MAX_RECENT + 4}`);
});

test('a damaged settings file means defaults, and a bad field does not poison the others', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, SETTINGS_FILE), '{ not json');
  assert.deepEqual(new SettingsStore(dir).get(), DEFAULT_SETTINGS);
  fs.writeFileSync(path.join(dir, SETTINGS_FILE), JSON.stringify({ settings: { granularity: 7 }, recent: ['/x'] }));
  const s = new SettingsStore(dir);
  assert.deepEqual(s.get(), DEFAULT_SETTINGS);
  assert.deepEqual(s.recent(), ['/x']);
});

test('progress is throttled to one update per interval, but stage changes and the last step always pass', () => {
  const th = new ProgressThrottle(200);
  const p = (stage: 'scan' | 'index', done: number, total: number | null) => ({ stage, done, total, rate: 0, etaSeconds: null });
  const passed: number[] = [];
  for (let t = 0; t < 1000; t += 10) if (th.pass(p('index', t / 10, 100), t)) passed.push(t);
  assert.deepEqual(passed, [0, 200, 400, 600, 800]);
  assert.equal(th.pass(p('index', 100, 100), 1001), true, 'the final step');
  assert.equal(th.pass(p('scan', 1, null), 1002), true, 'a new stage');
  assert.equal(th.pass(p('scan', 2, null), 1003), false);
});

test('a typed folder path: ~ is the home folder; a relative path is no path at all', () => {
  assert.equal(typedFolderPath('~', '/home/ada', path.posix), '/home/ada');
  assert.equal(typedFolderPath('~/Pictures/Sorted', '/home/ada', path.posix), '/home/ada/Pictures/Sorted');
  assert.equal(typedFolderPath('/media/card/DCIM', '/home/ada', path.posix), '/media/card/DCIM');
  assert.equal(typedFolderPath('~\\Pictures', 'C:\\Users\\ada', path.win32), 'C:\\Users\\ada\\Pictures');
  assert.equal(typedFolderPath('D:\\Photos', 'C:\\Users\\ada', path.win32), 'D:\\Photos');
  assert.equal(typedFolderPath('\\\\nas\\photos', 'C:\\Users\\ada', path.win32), '\\\\nas\\photos', 'a share');
  for (const relative of ['Sorted', './Sorted', '../Sorted', '~ada/Pictures', 'Pictures/~']) assert.equal(typedFolderPath(relative, '/home/ada', path.posix), null, relative);
  // Windows reads these from the current drive or folder, which the person does not see.
  for (const relative of ['\\Photos', '/Photos', 'C:Photos', 'Photos']) assert.equal(typedFolderPath(relative, 'C:\\Users\\ada', path.win32), null, relative);
  assert.equal(typedFolderPath('~\\x', '/home/ada', path.posix), null, 'on POSIX a backslash is part of a name');
});
