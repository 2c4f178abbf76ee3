// Execution provider planning: which providers are tried in which order, and what the user is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planProviders } from '../electron/engine/embed/providers';

const ALL = ['cpu', 'cuda', 'dml', 'webgpu'];

test('auto tries CUDA on Linux when present, else CPU, saying why', () => {
  assert.deepEqual(planProviders('auto', 'linux', ALL), { tryOrder: ['cuda', 'cpu'], notes: [] });
  const cpuOnly = planProviders('auto', 'linux', ['cpu', 'webgpu']);
  assert.deepEqual(cpuOnly.tryOrder, ['cpu']);
  assert.match(cpuOnly.notes.join(), /no GPU provider .*CUDA not installed.*using CPU/);
});

test('auto on Windows tries CUDA, then DirectML, then CPU', () => {
  assert.deepEqual(planProviders('auto', 'win32', ALL).tryOrder, ['cuda', 'dml', 'cpu']);
  assert.deepEqual(planProviders('auto', 'win32', ['cpu', 'dml']).tryOrder, ['dml', 'cpu']);
});

test('auto on macOS uses the CPU (no CUDA or DirectML there)', () => {
  assert.deepEqual(planProviders('auto', 'darwin', ALL), { tryOrder: ['cpu'], notes: [] });
});

test('explicit cpu is only cpu', () => {
  assert.deepEqual(planProviders('cpu', 'win32', ALL), { tryOrder: ['cpu'], notes: [] });
});

test('explicit cuda: tried first when available, else CPU with the reason', () => {
  assert.deepEqual(planProviders('cuda', 'linux', ALL), { tryOrder: ['cuda', 'cpu'], notes: [] });
  assert.deepEqual(planProviders('cuda', 'linux', ['cpu', 'webgpu']), {
    tryOrder: ['cpu'],
    notes: ['CUDA is not available in this build of onnxruntime-node; using CPU'],
  });
  const mac = planProviders('cuda', 'darwin', ALL);
  assert.deepEqual(mac.tryOrder, ['cpu']);
  assert.match(mac.notes[0], /CUDA is not supported on macOS; using CPU/);
});

test('explicit dml: Windows only, and only when the build has it', () => {
  assert.deepEqual(planProviders('dml', 'win32', ALL), { tryOrder: ['dml', 'cpu'], notes: [] });
  const linux = planProviders('dml', 'linux', ALL);
  assert.deepEqual(linux.tryOrder, ['cpu']);
  assert.match(linux.notes[0], /DirectML is not supported on Linux/);
  assert.match(planProviders('dml', 'win32', ['cpu']).notes[0], /DirectML is not available in this build of onnxruntime-node; using CPU/);
});
