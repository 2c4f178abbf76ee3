// HEIC files made at test time: Debian's heif-enc (package libheif-examples) encodes shared JPEGs, with or without
// a thumbnail item; addTransform then gives the images of a file a HEIF rotation (irot) or mirror (imir) property,
// which heif-enc cannot write, by editing the boxes the way a phone would have written them.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

export interface EncodeOptions {
  /** Bounding box of a thumbnail item (heif-enc -t); none when absent. */
  thumb?: number;
  quality?: number;
  /** 10 for a 10-bit file (heif-enc takes the depth from a 16-bit PNG input). */
  bitDepth?: number;
}

/** Encodes `input` (JPEG or PNG) to the HEIC file `output` with heif-enc; throws when heif-enc is missing. */
export function heifEnc(input: string, output: string, opts: EncodeOptions = {}): void {
  const args = ['-q', String(opts.quality ?? 70), '-o', output];
  if (opts.thumb) args.push('-t', String(opts.thumb));
  if (opts.bitDepth) args.push('-b', String(opts.bitDepth));
  try {
    execFileSync('heif-enc', [...args, input], { stdio: 'pipe' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('heif-enc not found: apt-get install libheif-examples (listed in .ci/apt-packages)');
    throw err;
  }
}

/** What Debian's heif-info says of a file: its primary image's size and its thumbnails, or null when it cannot read it. */
export function heifInfo(file: string): { primary: { width: number; height: number } | null; images: string[]; thumbnails: string[] } | null {
  let out: string;
  try {
    out = execFileSync('heif-info', [file], { stdio: 'pipe', timeout: 30_000 }).toString();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: Buffer; stderr?: Buffer; signal?: string | null };
    if (e.code === 'ENOENT') throw new Error('heif-info not found: apt-get install libheif-examples');
    if (e.signal || !e.stdout) return null; // it crashed (1.15 segfaults on some conformance files)
    out = `${e.stdout.toString()}${e.stderr?.toString() ?? ''}`; // it could not read the file, or failed on one of its images
  }
  if (/Could not read/.test(out)) return null;
  const m = /image: (\d+)x(\d+) \(id=\d+\), primary/.exec(out);
  return {
    primary: m ? { width: Number(m[1]), height: Number(m[2]) } : null,
    images: [...out.matchAll(/^image: (\d+x\d+)/gm)].map((t) => t[1]),
    thumbnails: [...out.matchAll(/thumbnail: (\d+x\d+)/g)].map((t) => t[1]),
  };
}

interface Box {
  type: string;
  start: number;
  header: number;
  end: number;
}

function children(b: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  for (let at = from; at + 8 <= to; ) {
    const size = b.readUInt32BE(at);
    if (size < 8 || at + size > to) throw new Error(`bad box at ${at}`);
    out.push({ type: b.toString('latin1', at + 4, at + 8), start: at, header: 8, end: at + size });
    at += size;
  }
  return out;
}

function only(list: Box[], type: string): Box {
  const box = list.find((x) => x.type === type);
  if (!box) throw new Error(`no ${type} box`);
  return box;
}

/**
 * A copy of a heif-enc file whose primary image and its thumbnails get `irot` (a counter-clockwise turn) and/or
 * `imir`, listed after their other properties as HEIF requires (the tiles a grid is made of keep theirs). The new property boxes go at the end of `ipco`, the item's associations in
 * `ipma` grow by one index each, and since `meta` precedes `mdat`, every file offset in `iloc` moves by the bytes added.
 */
export function addTransform(input: Buffer, t: { rotateCcw?: 90 | 180 | 270; /** 'vertical': top and bottom swap. */ mirror?: 'vertical' | 'horizontal' }): Buffer {
  const top = children(input, 0, input.length);
  const meta = only(top, 'meta');
  const inMeta = children(input, meta.start + 12, meta.end);
  const iprp = only(inMeta, 'iprp');
  const iloc = only(inMeta, 'iloc');
  const [ipco, ipma] = ['ipco', 'ipma'].map((type) => only(children(input, iprp.start + 8, iprp.end), type));
  const props: Buffer[] = [];
  if (t.rotateCcw) props.push(Buffer.from([0, 0, 0, 9, ...Buffer.from('irot'), t.rotateCcw / 90]));
  // HEIF's imir axis (ISO/IEC 23008-12:2022, 6.5.12): 0 exchanges top and bottom, 1 exchanges left and right.
  if (t.mirror) props.push(Buffer.from([0, 0, 0, 9, ...Buffer.from('imir'), t.mirror === 'vertical' ? 0 : 1]));
  const firstNew = children(input, ipco.start + 8, ipco.end).length + 1; // property indices count from 1
  const turned = photoItems(input, inMeta);

  // ipma, rewritten: version/flags, entry count, then per item: id, count, indices.
  const version = input[ipma.start + 8];
  const wide = (input.readUInt32BE(ipma.start + 8) & 1) === 1;
  const idBytes = version < 1 ? 2 : 4;
  const entries = input.readUInt32BE(ipma.start + 12);
  const parts: Buffer[] = [input.subarray(ipma.start + 8, ipma.start + 16)];
  let at = ipma.start + 16;
  for (let e = 0; e < entries; e++) {
    const item = idBytes === 2 ? input.readUInt16BE(at) : input.readUInt32BE(at);
    const n = input[at + idBytes];
    const assocBytes = n * (wide ? 2 : 1);
    const added = (turned.has(item) ? props : []).map((_, i) => (wide ? Buffer.from([0x80 | ((firstNew + i) >> 8), (firstNew + i) & 255]) : Buffer.from([0x80 | (firstNew + i)])));
    parts.push(input.subarray(at, at + idBytes), Buffer.from([n + added.length]), input.subarray(at + idBytes + 1, at + idBytes + 1 + assocBytes), ...added);
    at += idBytes + 1 + assocBytes;
  }
  const ipmaBody = Buffer.concat(parts);
  const newIpma = Buffer.concat([u32(8 + ipmaBody.length), Buffer.from('ipma'), ipmaBody]);
  const newIpco = Buffer.concat([u32(ipco.end - ipco.start + props.reduce((s, p) => s + p.length, 0)), input.subarray(ipco.start + 4, ipco.end), ...props]);
  const oldIprpBody = children(input, iprp.start + 8, iprp.end).filter((x) => x.type !== 'ipco' && x.type !== 'ipma').map((x) => input.subarray(x.start, x.end));
  const iprpBody = Buffer.concat([newIpco, newIpma, ...oldIprpBody]);
  const newIprp = Buffer.concat([u32(8 + iprpBody.length), Buffer.from('iprp'), iprpBody]);
  const delta = newIprp.length - (iprp.end - iprp.start);

  const out = Buffer.concat([input.subarray(0, iprp.start), newIprp, input.subarray(iprp.end)]);
  out.writeUInt32BE(meta.end - meta.start + delta, meta.start);
  const ilocAt = iloc.start < iprp.start ? iloc.start : iloc.start + delta;
  shiftIloc(out, ilocAt, meta.end, delta);
  return out;
}

/** The primary item (pitm) and the items that are its thumbnails (iref 'thmb'). */
function photoItems(b: Buffer, inMeta: Box[]): Set<number> {
  const pitm = only(inMeta, 'pitm');
  const primary = b[pitm.start + 8] === 0 ? b.readUInt16BE(pitm.start + 12) : b.readUInt32BE(pitm.start + 12);
  const items = new Set([primary]);
  const iref = inMeta.find((x) => x.type === 'iref');
  if (!iref) return items;
  const wide = b[iref.start + 8] !== 0;
  const id = (at: number) => (wide ? b.readUInt32BE(at) : b.readUInt16BE(at));
  for (const ref of children(b, iref.start + 12, iref.end)) {
    const from = id(ref.start + 8);
    const n = b.readUInt16BE(ref.start + 8 + (wide ? 4 : 2));
    const to = Array.from({ length: n }, (_, i) => id(ref.start + 10 + (wide ? 4 : 2) + i * (wide ? 4 : 2)));
    if (ref.type === 'thmb' && to.includes(primary)) items.add(from);
  }
  return items;
}

/** Adds `delta` to every file offset of the iloc box at `at` that points at or past `after`, the old end of meta (method 0). */
function shiftIloc(b: Buffer, at: number, after: number, delta: number): void {
  const version = b[at + 8];
  let p = at + 12;
  const offsetSize = b[p] >> 4;
  const lengthSize = b[p] & 15;
  const baseSize = b[p + 1] >> 4;
  const indexSize = version >= 1 ? b[p + 1] & 15 : 0;
  p += 2;
  const count = version < 2 ? b.readUInt16BE(p) : b.readUInt32BE(p);
  p += version < 2 ? 2 : 4;
  const read = (n: number) => (n === 0 ? 0 : n === 4 ? b.readUInt32BE(p) : Number(b.readBigUInt64BE(p)));
  const write = (n: number, v: number) => (n === 4 ? b.writeUInt32BE(v, p) : n === 8 ? b.writeBigUInt64BE(BigInt(v), p) : undefined);
  for (let i = 0; i < count; i++) {
    p += version < 2 ? 2 : 4; // item id
    const method = version >= 1 ? b.readUInt16BE(p) & 15 : 0;
    if (version >= 1) p += 2;
    p += 2; // data reference index
    const base = read(baseSize);
    const shiftBase = method === 0 && baseSize > 0 && base >= after;
    if (shiftBase) write(baseSize, base + delta);
    p += baseSize;
    const extents = b.readUInt16BE(p);
    p += 2;
    for (let e = 0; e < extents; e++) {
      p += indexSize;
      const off = read(offsetSize);
      if (method === 0 && baseSize === 0 && offsetSize > 0 && off >= after) write(offsetSize, off + delta);
      p += offsetSize + lengthSize;
    }
  }
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
}

/** Bytes of a file, for tests that cut or edit them. */
export function readBytes(file: string): Buffer {
  return fs.readFileSync(file);
}
