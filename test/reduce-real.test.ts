// The reduction on real photo features: Imagenette's 1,000 validation photos (10 classes) indexed with the shared
// MobileNetV2, reduced to 10-d; photos of a class must stay together (10-NN label agreement).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nearestNeighbours, reduce } from '../electron/engine/cluster/reduce';
import { Library } from '../electron/engine/library/library';
import { DEFAULT_MODEL_ID } from '../electron/engine/models/catalog';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { DATASETS, SHARED_MODELS, tempDir } from './helpers';

test('Imagenette features reduced to 10-d keep classes together (10-NN label agreement ≥ 0.85)', async (t) => {
  const folder = path.join(DATASETS, 'imagenette-val-1k');
  const dataDir = tempDir();
  await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  const lib = Library.open(dataDir);
  const f = lib.features(lib.folderId(fs.realpathSync(folder)), DEFAULT_MODEL_ID);
  lib.close();
  const n = f.paths.length;
  assert.equal(n, 1000);
  const classes = [...new Set(f.paths.map((p) => p.split('/')[0]))];
  const labels = f.paths.map((p) => classes.indexOf(p.split('/')[0]));

  const r = await reduce(f.matrix, n, f.dim, { seed: 1 });
  const k = 10;
  const g = nearestNeighbours(r.embedding, n, 10, k, { metric: 'euclidean', method: 'exact' });
  let same = 0;
  let sameGraph = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      if (labels[g.indices[i * k + j]] === labels[i]) same++;
      if (labels[r.graph.indices[i * r.graph.k + j]] === labels[i]) sameGraph++;
    }
  }
  const agreement = same / (n * k);
  t.diagnostic(`10-NN label agreement: embedding ${agreement.toFixed(3)}, cosine graph ${(sameGraph / (n * k)).toFixed(3)}`);
  assert.ok(agreement >= 0.85, `10-NN label agreement in the embedding ${agreement.toFixed(3)}`);
  // the cosine graph handed back to the caller is itself that good
  assert.ok(sameGraph / (n * k) >= 0.85, `in the neighbour graph ${(sameGraph / (n * k)).toFixed(3)}`);
});
