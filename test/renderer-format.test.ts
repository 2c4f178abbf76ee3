// How the app words sizes, speeds and time left (renderer/src/logic/format.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseName, formatBytes, formatCount, formatEta, formatRate, plural, progressFraction } from '../renderer/src/logic/format';

test('model sizes read as a file manager shows them', () => {
  assert.equal(formatBytes(3_655_033), '3.7 MB');
  assert.equal(formatBytes(553_000_000), '553 MB');
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1_500), '1.5 kB');
  assert.equal(formatBytes(2_400_000_000), '2.4 GB');
  // Rates are not whole numbers, and rounding may carry into the next unit.
  assert.equal(formatBytes(523.456), '523 B');
  assert.equal(formatBytes(999.6), '1.0 kB');
  assert.equal(formatBytes(999_600), '1.0 MB');
  assert.equal(formatBytes(9_960), '10 kB');
  assert.equal(formatBytes(0), '0 B');
});

test('counts and plurals', () => {
  assert.equal(formatCount(50000), '50,000');
  assert.equal(formatCount(999), '999');
  assert.equal(plural(1, 'photo'), '1 photo');
  assert.equal(plural(12345, 'photo'), '12,345 photos');
  assert.equal(plural(2, 'copy', 'copies'), '2 copies');
});

test('speed shows one decimal only when slow, nothing while unknown', () => {
  assert.equal(formatRate(3.14159), '3.1 photos/s');
  assert.equal(formatRate(123.6), '124 photos/s');
  assert.equal(formatRate(0), '');
  assert.equal(formatRate(Number.NaN), '');
});

test('time left is rounded the way a person says it', () => {
  assert.equal(formatEta(null), '');
  assert.equal(formatEta(0.3), 'almost done');
  assert.equal(formatEta(7.2), '8 s left');
  assert.equal(formatEta(170), 'about 3 min left');
  assert.equal(formatEta(4800), 'about 1 h 20 min left');
  assert.equal(formatEta(7200), 'about 2 h left');
});

test('progress is indeterminate while the total is unknown, and never beyond full', () => {
  assert.equal(progressFraction(10, null), null);
  assert.equal(progressFraction(10, 0), null);
  assert.equal(progressFraction(5, 20), 0.25);
  assert.equal(progressFraction(30, 20), 1);
});

test('folder titles are the last part of a path on any OS', () => {
  assert.equal(baseName('/home/a/Pictures/'), 'Pictures');
  assert.equal(baseName('C:\\Users\\a\\Photos'), 'Photos');
});
