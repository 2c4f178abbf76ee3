// Fixtures shared by the service and host tests: a small real photo folder (three Imagenette classes, eight
// photos each, plus an exact copy) and a throwaway data dir, with the shared model (never downloaded).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LikenessEvent } from '../electron/ipc/contract';
import { DATASETS, tempDir } from './helpers';

export const CLASSES = ['church', 'golf_ball', 'parachute'];
export const PER_CLASS = 8;

/** A writable folder of 24 photos (+ one exact copy under Backup/) named by class, and an empty data dir. */
export function smallFolder(): { folder: string; dataDir: string } {
  const base = tempDir('likeness-service-');
  const folder = path.join(base, 'Photos');
  for (const cls of CLASSES) {
    const src = path.join(DATASETS, 'imagenette-val-1k', cls);
    const files = fs.readdirSync(src).sort().slice(0, PER_CLASS);
    for (const f of files) fs.copyFileSync(path.join(src, f), path.join(mkdir(folder), `${cls}-${f}`));
  }
  const first = fs.readdirSync(folder).sort()[0];
  fs.copyFileSync(path.join(folder, first), path.join(mkdir(path.join(folder, 'Backup')), first));
  return { folder, dataDir: path.join(base, 'data') };
}

function mkdir(p: string): string {
  fs.mkdirSync(p, { recursive: true });
  return p;
}

/** Resolves with the first event matching `pred` (events before the call are not seen). */
export function nextEvent<E extends LikenessEvent>(subscribe: (l: (e: LikenessEvent) => void) => () => void, pred: (e: LikenessEvent) => e is E): Promise<E>;
export function nextEvent(subscribe: (l: (e: LikenessEvent) => void) => () => void, pred: (e: LikenessEvent) => boolean): Promise<LikenessEvent>;
export function nextEvent(subscribe: (l: (e: LikenessEvent) => void) => () => void, pred: (e: LikenessEvent) => boolean): Promise<LikenessEvent> {
  return new Promise((resolve) => {
    const off = subscribe((e) => {
      if (pred(e)) {
        off();
        resolve(e);
      }
    });
  });
}
