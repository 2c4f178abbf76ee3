// The committed concept table (models/imagenet-concepts.json, which group names read) is exactly what
// build/make-concepts.js derives from WordNet 3.0 (Debian's wordnet-base) and the ImageNet class list: nobody can
// hand-edit it, or change the script, without the other following.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, SHARED_MODELS, tempDir } from './helpers';

test('the committed concept table is what the build script derives from WordNet 3.0', () => {
  const out = path.join(tempDir(), 'imagenet-concepts.json');
  execFileSync(process.execPath, [path.join(ROOT, 'build', 'make-concepts.js'), path.join(SHARED_MODELS, 'imagenet-synset.txt'), '/usr/share/wordnet', out]);
  const made = fs.readFileSync(out, 'utf8');
  const committed = fs.readFileSync(path.join(ROOT, 'models', 'imagenet-concepts.json'), 'utf8');
  assert.ok(made === committed, 'models/imagenet-concepts.json differs from what build/make-concepts.js makes: run it and commit the result');
  const table = JSON.parse(made) as { concepts: Array<unknown> };
  assert.ok(table.concepts.length > 1000, 'every class and the concepts above them');
});
