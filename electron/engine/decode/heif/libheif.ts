// The slice of libheif's C API that Likeness uses, over the WebAssembly build in the npm package libheif-js
// (libheif with libde265 for HEVC). The package's own JS wrapper decodes every top-level image to RGBA and knows
// no thumbnails, so the exported C functions are called directly with pointers into the module's heap.
// Runs only inside the HEIF worker (heif-worker.ts): a WebAssembly abort must not take the caller down.
import * as fs from 'node:fs';

/** The exported C functions used here; names and arities as emscripten exports them (structs returned via a first pointer). */
interface HeifModule {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _heif_context_alloc(): number;
  _heif_context_free(ctx: number): void;
  _heif_context_read_from_memory_without_copy(err: number, ctx: number, mem: number, size: number, options: number): void;
  _heif_context_get_primary_image_handle(err: number, ctx: number, out: number): void;
  _heif_context_has_sequence(ctx: number): number;
  _heif_context_get_list_of_top_level_image_IDs(ctx: number, ids: number, count: number): number;
  _heif_context_is_top_level_image_ID(ctx: number, id: number): number;
  _heif_context_get_image_handle(err: number, ctx: number, id: number, out: number): void;
  _heif_context_get_track(ctx: number, trackId: number): number;
  _heif_track_decode_next_image(err: number, track: number, out: number, colorspace: number, chroma: number, options: number): void;
  _heif_track_release(track: number): void;
  _heif_image_handle_release(handle: number): void;
  _heif_image_handle_get_width(handle: number): number;
  _heif_image_handle_get_height(handle: number): number;
  _heif_image_handle_has_alpha_channel(handle: number): number;
  _heif_image_handle_is_premultiplied_alpha(handle: number): number;
  _heif_image_handle_get_item_id(handle: number): number;
  _heif_image_handle_get_ispe_width(handle: number): number;
  _heif_image_handle_get_ispe_height(handle: number): number;
  _heif_image_handle_get_number_of_thumbnails(handle: number): number;
  _heif_image_handle_get_list_of_thumbnail_IDs(handle: number, ids: number, count: number): number;
  _heif_image_handle_get_thumbnail(err: number, handle: number, id: number, out: number): void;
  _heif_item_get_transformation_properties(ctx: number, itemId: number, out: number, count: number): number;
  _heif_item_get_property_type(ctx: number, itemId: number, propertyId: number): number;
  _heif_item_get_property_transform_rotation_ccw(ctx: number, itemId: number, propertyId: number): number;
  _heif_item_get_property_transform_mirror(ctx: number, itemId: number, propertyId: number): number;
  _heif_item_get_property_transform_crop_borders(ctx: number, itemId: number, propertyId: number, w: number, h: number, l: number, t: number, r: number, b: number): void;
  _heif_decode_image(err: number, handle: number, out: number, colorspace: number, chroma: number, options: number): void;
  _heif_image_release(img: number): void;
  _heif_image_get_width(img: number, channel: number): number;
  _heif_image_get_height(img: number, channel: number): number;
  _heif_image_get_plane_readonly2(img: number, channel: number, stride: number): number;
  _heif_get_version(): number;
}

const COLORSPACE_RGB = 1;
const CHROMA_RGB = 10; // interleaved 8-bit RGB: libheif converts 10- and 12-bit images down itself
const CHROMA_RGBA = 11;
const CHANNEL_INTERLEAVED = 10;
/** heif_suberror_Security_limit_exceeded. */
export const SUBERROR_SECURITY_LIMIT = 1000;

/** A libheif error: code and subcode as libheif defines them, and its message. */
export class LibheifError extends Error {
  constructor(readonly code: number, readonly subcode: number, message: string) {
    super(message);
    this.name = 'LibheifError';
  }
}

/** Interleaved 8-bit pixels copied out of the module. */
export interface HeifRaster {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
  /** Colour already multiplied by alpha (HEIF's `prem` reference): flatten must not multiply again. */
  premultiplied: boolean;
}

/** A transformative property of an item, in the order the file lists them (the order they apply in). */
export type HeifTransform =
  | { kind: 'crop'; left: number; top: number; right: number; bottom: number }
  | { kind: 'rotate'; degreesCcw: number }
  | { kind: 'mirror'; axis: 'horizontal' | 'vertical' };

let loaded: HeifModule | null = null;

/** The module, instantiated once per thread (about 40 ms: compiling 1.4 MB of WebAssembly). */
export function libheif(): HeifModule {
  if (loaded) return loaded;
  const wasmBinary = fs.readFileSync(require.resolve('libheif-js/libheif-wasm/libheif.wasm'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require('libheif-js/libheif-wasm/libheif.js') as (opts: { wasmBinary: Buffer }) => HeifModule;
  loaded = factory({ wasmBinary });
  return loaded;
}

/** libheif's version string, e.g. "1.23.2". */
export function libheifVersion(): string {
  const m = libheif();
  return cString(m, m._heif_get_version());
}

/** One opened HEIF file; every handle it gives out is released by close(). */
export class HeifFile {
  private readonly m = libheif();
  private readonly mem: number;
  private readonly ctx: number;
  /** Scratch: the error struct (code, subcode, message pointer) and out-parameters. */
  private readonly err: number;
  private readonly out: number;
  private readonly handles = new Set<number>();

  constructor(bytes: Uint8Array) {
    const m = this.m;
    this.err = m._malloc(16);
    this.out = m._malloc(64);
    this.mem = m._malloc(Math.max(1, bytes.length));
    m.HEAPU8.set(bytes, this.mem);
    this.ctx = m._heif_context_alloc();
    try {
      // Without copy: the bytes already live in the heap, and a 12 MP photo is a few MB.
      m._heif_context_read_from_memory_without_copy(this.err, this.ctx, this.mem, bytes.length, 0);
      this.check();
    } catch (err) {
      this.close();
      throw err;
    }
  }

  hasSequence(): boolean {
    return this.m._heif_context_has_sequence(this.ctx) !== 0;
  }

  /**
   * The photo: the primary item, unless that is itself a thumbnail or auxiliary image of another (the conformance
   * suite has a file whose `pitm` names a 128×72 thumbnail); then the first top-level image, the picture it stands for.
   */
  primary(): number {
    const m = this.m;
    m._heif_context_get_primary_image_handle(this.err, this.ctx, this.out);
    this.check();
    const primary = this.keep(m.HEAPU32[this.out >> 2]);
    if (m._heif_context_is_top_level_image_ID(this.ctx, m._heif_image_handle_get_item_id(primary)) !== 0) return primary;
    const ids = m._malloc(4);
    try {
      if (m._heif_context_get_list_of_top_level_image_IDs(this.ctx, ids, 1) < 1) return primary;
      m._heif_context_get_image_handle(this.err, this.ctx, m.HEAPU32[ids >> 2], this.out);
      return this.errorCode() === 0 ? this.keep(m.HEAPU32[this.out >> 2]) : primary;
    } finally {
      m._free(ids);
    }
  }

  size(handle: number): { width: number; height: number } {
    return { width: this.m._heif_image_handle_get_width(handle), height: this.m._heif_image_handle_get_height(handle) };
  }

  /** The size the coded image declares (ispe), before its transformations. */
  codedSize(handle: number): { width: number; height: number } {
    return { width: this.m._heif_image_handle_get_ispe_width(handle), height: this.m._heif_image_handle_get_ispe_height(handle) };
  }

  thumbnails(handle: number): number[] {
    const m = this.m;
    const n = Math.min(m._heif_image_handle_get_number_of_thumbnails(handle), 16);
    if (n === 0) return [];
    const ids = m._malloc(4 * n);
    try {
      const got = m._heif_image_handle_get_list_of_thumbnail_IDs(handle, ids, n);
      const out: number[] = [];
      for (let i = 0; i < got; i++) {
        m._heif_image_handle_get_thumbnail(this.err, handle, m.HEAPU32[(ids >> 2) + i], this.out);
        if (this.errorCode() === 0) out.push(this.keep(m.HEAPU32[this.out >> 2]));
      }
      return out;
    } finally {
      m._free(ids);
    }
  }

  /** The item's transformative properties (clap, irot, imir) in the order they apply. */
  transforms(handle: number): HeifTransform[] {
    const m = this.m;
    const item = m._heif_image_handle_get_item_id(handle);
    const ids = m._malloc(4 * 8);
    try {
      const n = m._heif_item_get_transformation_properties(this.ctx, item, ids, 8);
      let { width, height } = this.codedSize(handle);
      const out: HeifTransform[] = [];
      for (let i = 0; i < n; i++) {
        const prop = m.HEAPU32[(ids >> 2) + i];
        const type = fourcc(m._heif_item_get_property_type(this.ctx, item, prop));
        if (type === 'irot') {
          const degreesCcw = m._heif_item_get_property_transform_rotation_ccw(this.ctx, item, prop);
          out.push({ kind: 'rotate', degreesCcw });
          if (degreesCcw === 90 || degreesCcw === 270) [width, height] = [height, width];
        } else if (type === 'imir') {
          // heif_transform_mirror_direction_vertical (0) flips top and bottom; horizontal (1) flips left and right.
          out.push({ kind: 'mirror', axis: m._heif_item_get_property_transform_mirror(this.ctx, item, prop) === 0 ? 'vertical' : 'horizontal' });
        } else if (type === 'clap') {
          const b = this.out;
          m._heif_item_get_property_transform_crop_borders(this.ctx, item, prop, width, height, b, b + 4, b + 8, b + 12);
          const [left, top, right, bottom] = [0, 1, 2, 3].map((k) => m.HEAP32[(b >> 2) + k]);
          out.push({ kind: 'crop', left, top, right, bottom });
          width -= left + right;
          height -= top + bottom;
        }
      }
      return out;
    } finally {
      m._free(ids);
    }
  }

  /** Decodes an image with its transformations applied, to interleaved 8-bit RGB, or RGBA when it has alpha. */
  decode(handle: number): HeifRaster {
    const m = this.m;
    const alpha = m._heif_image_handle_has_alpha_channel(handle) !== 0;
    m._heif_decode_image(this.err, handle, this.out, COLORSPACE_RGB, alpha ? CHROMA_RGBA : CHROMA_RGB, 0);
    this.check();
    const premultiplied = alpha && m._heif_image_handle_is_premultiplied_alpha(handle) !== 0;
    return this.takeImage(m.HEAPU32[this.out >> 2], alpha ? 4 : 3, premultiplied);
  }

  /** The first frame of the file's first visual track (an image sequence), with the track's transformations. */
  decodeFirstFrame(): HeifRaster {
    const m = this.m;
    const track = m._heif_context_get_track(this.ctx, 0);
    if (track === 0) throw new LibheifError(2, 0, 'no visual track');
    try {
      m._heif_track_decode_next_image(this.err, track, this.out, COLORSPACE_RGB, CHROMA_RGB, 0);
      this.check();
      return this.takeImage(m.HEAPU32[this.out >> 2], 3, false);
    } finally {
      m._heif_track_release(track);
    }
  }

  close(): void {
    const m = this.m;
    for (const h of this.handles) m._heif_image_handle_release(h);
    this.handles.clear();
    if (this.ctx) m._heif_context_free(this.ctx);
    m._free(this.mem);
    m._free(this.err);
    m._free(this.out);
  }

  private takeImage(img: number, channels: 3 | 4, premultiplied: boolean): HeifRaster {
    const m = this.m;
    try {
      const width = m._heif_image_get_width(img, CHANNEL_INTERLEAVED);
      const height = m._heif_image_get_height(img, CHANNEL_INTERLEAVED);
      const plane = m._heif_image_get_plane_readonly2(img, CHANNEL_INTERLEAVED, this.out);
      const stride = m.HEAPU32[this.out >> 2];
      if (plane === 0 || width <= 0 || height <= 0) throw new LibheifError(2, 0, 'decoded image has no pixels');
      const row = width * channels;
      const data = new Uint8Array(row * height);
      // Rows are padded to the stride in the heap; the copy packs them.
      if (stride === row) data.set(m.HEAPU8.subarray(plane, plane + row * height));
      else for (let y = 0; y < height; y++) data.set(m.HEAPU8.subarray(plane + y * stride, plane + y * stride + row), y * row);
      return { data, width, height, channels, premultiplied };
    } finally {
      m._heif_image_release(img);
    }
  }

  private keep(handle: number): number {
    this.handles.add(handle);
    return handle;
  }

  private errorCode(): number {
    return this.m.HEAP32[this.err >> 2];
  }

  private check(): void {
    const m = this.m;
    const code = this.errorCode();
    if (code === 0) return;
    const sub = m.HEAP32[(this.err + 4) >> 2];
    const msg = m.HEAPU32[(this.err + 8) >> 2];
    throw new LibheifError(code, sub, msg ? cString(m, msg).trim() : `libheif error ${code}.${sub}`);
  }
}

function cString(m: HeifModule, ptr: number): string {
  let end = ptr;
  while (m.HEAPU8[end] !== 0 && end - ptr < 4096) end++;
  return Buffer.from(m.HEAPU8.subarray(ptr, end)).toString('utf8');
}

function fourcc(v: number): string {
  return String.fromCharCode((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
}
