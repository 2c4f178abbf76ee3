// Decoding one photo for indexing: a single sharp decode, upright and shrunk on load to a small 8-bit sRGB
// image, from which the network's centre crop and the JPEG thumbnail are both derived at almost no cost.
import sharp, { type Metadata, type Sharp } from 'sharp';
import type { PreprocessSpec } from '../types';
import { decodableFormats } from './capabilities';
import { explainSharpError } from './sharp-errors';
import { readWideTiff } from './tiff-wide';
import { jpegMetadata } from './jpeg-metadata';
import { readJpegHeader } from './jpeg-header';
import { endsEarly } from './truncation';
import type { CropSource } from './tensor';
import { tinySignature } from './signature';
import { DecoderRefusal } from './refusal';
import { sniff, SNIFF_BYTES } from '../scan/sniff';
// HEIC and RAW readers load on first use: most folders hold neither, and each command start counts.
const heifPool = () => (require('./heif/heif-pool') as typeof import('./heif/heif-pool')).heifPool();
const rawPreview = () => require('./raw/raw-preview') as typeof import('./raw/raw-preview');
import { withJpegOrientation } from './jpeg-orientation';

export { explainSharpError };

export interface DecodedPhoto {
  /** Size of the full image as displayed, i.e. after EXIF orientation (an SVG's declared size at 72 dpi). */
  width: number;
  height: number;
  /** What the bytes are: 'jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif', 'svg'. */
  format: string;
  /** The network's input square within the decoded pixels; writeCropTensor turns it into the tensor. */
  crop: CropSource;
  /** JPEG, upright, short side thumbSize (or the image's own when smaller: never enlarged). */
  thumbnail: Buffer;
  /** 16×16 luminance of the upright photo, for telling copies from look-alikes (see signature.ts). */
  signature: Uint8Array;
}

export interface DecodeOptions {
  /** Short side of the thumbnail, about 256. */
  thumbSize: number;
  /** Images with more pixels are refused before decoding (decompression bombs). */
  maxPixels: number;
  /**
   * Take a HEIC's thumbnail item when it covers the network's input (default true): 50 times faster than its 12 MP
   * grid, and as telling (test/index-heic.test.ts). False decodes the primary image, to compare the two.
   */
  heifThumbnails?: boolean;
}

/** A file that is not a usable photo; `reason` is for people ("file is truncated"). */
export class DecodeError extends Error {
  readonly reason: string;
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'DecodeError';
    this.reason = reason;
  }
}

const THUMB_QUALITY = 80;
const WHITE = { r: 255, g: 255, b: 255 };

/** The one decode: upright, at least `target` on the short side unless the image is smaller. */
interface Upright {
  pixels: Buffer;
  /** Size of `pixels`. */
  pw: number;
  ph: number;
  /** Size of the full upright image. */
  width: number;
  height: number;
  format: string;
  /** The file itself can serve as its thumbnail (a small, upright, plain sRGB JPEG): no re-encoding needed. */
  selfThumbnail?: boolean;
}

/** Largest file reused as its own thumbnail: beyond this a re-encode saves cache space. */
const SELF_THUMBNAIL_BYTES = 64 * 1024;

let configured = false;

/**
 * Global sharp settings for one-shot decoding. libvips' operation cache only helps when the same image is
 * processed again, which indexing never does, so it is off. It must stay off: indexing reads file after file into
 * the same memory (ReadBuffers), and the cache knows a buffer by its address, not by its bytes.
 */
function configureSharp(): void {
  sharp.cache(false);
  configured = true;
}

/**
 * Decodes `bytes` once and derives the network crop and the thumbnail. Throws DecodeError for unusable files.
 * The photo it returns holds no reference to `bytes`, which the caller may then fill with the next file.
 */
export async function decodePhoto(bytes: Buffer, spec: PreprocessSpec, opts: DecodeOptions): Promise<DecodedPhoto> {
  if (!configured) configureSharp();
  const target = Math.max(opts.thumbSize, spec.resizeShortSide, spec.cropSize);
  try {
    const format = photoFormat(bytes);
    const up =
      format === 'heif' ? await decodeHeifUpright(bytes, target, opts.heifThumbnails === false ? 0 : spec.cropSize, opts.maxPixels)
      : format === 'raw' ? { ...(await decodeUpright(rawPreviewJpeg(bytes), target, opts.maxPixels)), format: 'raw', selfThumbnail: false }
      : await decodeUpright(bytes, target, opts.maxPixels);
    const thumbnail = up.selfThumbnail && Math.min(up.width, up.height) <= opts.thumbSize ? Promise.resolve(Buffer.from(bytes)) : thumbnailJpeg(up, opts.thumbSize);
    thumbnail.catch(() => undefined); // awaited below; this only keeps an early crop failure from orphaning it
    const crop = await centreCrop(up, spec); // while libvips encodes the thumbnail
    const signature = tinySignature(up.pixels, up.pw, up.ph);
    return { width: up.width, height: up.height, format: up.format, crop, thumbnail: await thumbnail, signature };
  } catch (err) {
    throw toDecodeError(err, bytes, opts.maxPixels);
  }
}

async function decodeUpright(bytes: Buffer, target: number, maxPixels: number): Promise<Upright> {
  let meta: Metadata;
  try {
    // Header only (no pixel limit needed to read it): size, orientation and format, to refuse bombs early.
    // A plain JPEG's header is read here in JS; anything else (or anything odd in a JPEG) goes to libvips.
    const jpeg = readJpegHeader(bytes);
    meta = jpeg ? jpegMetadata(jpeg) : await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    // Decided by the bytes, not by libvips' message ("samples out of range"): its error text is one buffer for the
    // whole process, so with other files decoding at once it may arrive empty, and a readable TIFF was called corrupt.
    const wide = wideTiff(bytes, maxPixels);
    if (wide) {
      const raw = { width: wide.width, height: wide.height, channels: wide.channels };
      return shrink(sharp(wide.data, { raw }), target, { width: wide.width, height: wide.height, format: 'tiff' });
    }
    throw err;
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  let format: string = meta.format ?? 'unknown';
  // An SVG's declared size is only nominal: it is rendered at `target` below, so its size is no threat.
  if (format !== 'svg' && width * height > maxPixels) throw tooLarge(width * height, maxPixels);
  if (format === 'heif') {
    format = meta.compression === 'av1' ? 'avif' : 'heif';
    // HEVC-coded HEIF is libheif's (decodeHeifUpright); one reaching here is not a file sharp can read.
    if (format === 'heif' && !decodableFormats().has('heif')) throw new DecodeError('unsupported image format (HEIC)');
  }
  // Vector images are rendered straight at the wanted size rather than at 72 dpi and then resized.
  const density = format === 'svg' && width > 0 && height > 0 ? clamp((72 * target) / Math.min(width, height), 1, 100000) : undefined;
  const input = sharp(bytes, {
    failOn: 'error', // truncated or undecodable pixel data fails; warnings every viewer ignores do not
    limitInputPixels: maxPixels,
    pages: 1, // first frame of an animation, first page of a multi-page TIFF
    page: 0,
    density,
  });
  const selfThumbnail =
    format === 'jpeg' && (meta.orientation ?? 1) === 1 && meta.space === 'srgb' && meta.channels === 3 &&
    bytes.length <= SELF_THUMBNAIL_BYTES && Math.min(width, height) <= target;
  return { ...(await shrink(input.rotate(), target, { width, height, format }, meta)), selfThumbnail };
}

/**
 * A HEIC photo through libheif (in the HEIF workers): its smallest thumbnail item that covers the network's input,
 * else the primary image, HEIF's own rotation, mirror and crop applied there. EXIF orientation is never applied on
 * top: the pixels arrive upright, and sharp only shrinks them.
 */
async function decodeHeifUpright(bytes: Buffer, target: number, minShortSide: number, maxPixels: number): Promise<Upright> {
  const r = await heifPool().decode(bytes, minShortSide, maxPixels);
  const { data, width, height, channels, premultiplied } = r.raster;
  const raw = { width, height, channels, premultiplied };
  return shrink(sharp(data, { raw }), target, { width: r.width, height: r.height, format: 'heif' }, channels === 3 ? PLAIN_RGB : undefined);
}

/**
 * What the bytes are, looked at whole: a TIFF whose first directory, beyond the head the scan saw, shows a camera
 * RAW is one; null when they are no image.
 */
export function photoFormat(bytes: Buffer): string | null {
  const kind = sniff(bytes.subarray(0, SNIFF_BYTES), bytes.length);
  if (!kind.image) return null;
  return kind.format === 'tiff' && rawPreview().cameraRawContainer(bytes) ? 'raw' : kind.format;
}

/**
 * A camera RAW's largest embedded JPEG, given the orientation the RAW records (its own EXIF, if any, may differ).
 * The photo's size is then that preview's: the sensor's few extra pixels at the edges are never shown anyway.
 */
export function rawPreviewJpeg(bytes: Buffer): Buffer {
  const preview = rawPreview().findRawPreview(bytes);
  return withJpegOrientation(preview.jpeg, preview.orientation);
}

/** What shrink needs to know of 8-bit sRGB RGB pixels handed over raw. */
const PLAIN_RGB = { hasAlpha: false, space: 'srgb', channels: 3, depth: 'uchar' } as Metadata;

/**
 * Shrink (on load where the codec can: JPEG, WebP), flatten onto white, 8-bit sRGB RGB. With the header at hand,
 * a plain 8-bit sRGB image skips the conversions: each libvips step costs as much as decoding a small photo.
 */
async function shrink(img: Sharp, target: number, about: Pick<Upright, 'width' | 'height' | 'format'>, meta?: Metadata): Promise<Upright> {
  let pipeline = img.resize(target, target, { fit: 'outside', withoutEnlargement: true });
  const plain = meta !== undefined && !meta.hasAlpha && meta.space === 'srgb' && meta.channels === 3 && meta.depth === 'uchar' && !meta.icc;
  if (!plain) pipeline = pipeline.flatten({ background: WHITE }).toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { pixels: toRgb(data, info.channels), pw: info.width, ph: info.height, ...about };
}

/**
 * Where the network's input lies: the centre square of the image resized to resizeShortSide, cut to cropSize.
 * The square stays in the decoded pixels for writeCropTensor, which resamples and normalizes in one pass; only a
 * square over twice the network's size (a model wanting a much smaller input) is shrunk here by libvips.
 */
async function centreCrop(up: Upright, spec: PreprocessSpec): Promise<CropSource> {
  const size = spec.cropSize;
  const short = Math.min(up.pw, up.ph);
  // The crop's side measured in `pixels`: cropping first, then resizing, touches only what is kept.
  const side = clamp(Math.round((short * size) / Math.max(spec.resizeShortSide, size)), 1, short);
  const left = Math.floor((up.pw - side) / 2);
  const top = Math.floor((up.ph - side) / 2);
  if (side < 2 * size) return { pixels: up.pixels, width: up.pw, height: up.ph, left, top, side };
  const pixels = await sharp(up.pixels, { raw: { width: up.pw, height: up.ph, channels: 3 } })
    .extract({ left, top, width: side, height: side })
    .resize(size, size, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { pixels, width: size, height: size, left: 0, top: 0, side: size };
}

async function thumbnailJpeg(up: Upright, thumbSize: number): Promise<Buffer> {
  let img = sharp(up.pixels, { raw: { width: up.pw, height: up.ph, channels: 3 } });
  if (Math.min(up.pw, up.ph) > thumbSize) img = img.resize(thumbSize, thumbSize, { fit: 'outside' });
  // No Huffman optimization pass: it halves the encode time for a few percent of size.
  return img.jpeg({ quality: THUMB_QUALITY, optimiseCoding: false }).toBuffer();
}

/** sharp gives 3 channels after flatten + sRGB; this only guards the odd decoder that keeps grey or alpha. */
function toRgb(data: Buffer, channels: number): Buffer {
  if (channels === 3) return data;
  const n = data.length / channels;
  const out = Buffer.allocUnsafe(n * 3);
  for (let i = 0; i < n; i++) {
    const s = i * channels;
    const grey = channels < 3;
    out[i * 3] = data[s];
    out[i * 3 + 1] = grey ? data[s] : data[s + 1];
    out[i * 3 + 2] = grey ? data[s] : data[s + 2];
  }
  return out;
}

function wideTiff(bytes: Buffer, maxPixels: number): ReturnType<typeof readWideTiff> {
  try {
    return readWideTiff(bytes, maxPixels);
  } catch (err) {
    if (err instanceof RangeError) {
      const [w, h] = err.message.split('x').map(Number);
      throw tooLarge(w * h, maxPixels);
    }
    throw err;
  }
}

function tooLarge(pixels: number, maxPixels: number): DecodeError {
  return new DecodeError(`image is too large (${megapixels(pixels)} megapixels, limit ${megapixels(maxPixels)})`);
}

function megapixels(n: number): string {
  const mp = n / 1e6;
  return mp >= 10 ? String(Math.round(mp)) : String(Math.round(mp * 10) / 10);
}

function toDecodeError(err: unknown, bytes: Buffer, maxPixels: number): DecodeError {
  if (err instanceof DecodeError) return err;
  if (err instanceof DecoderRefusal) return new DecodeError(err.reason, { cause: err });
  let reason = explainSharpError(messageOf(err));
  if (reason === 'image is too large') reason = `image is too large (limit ${megapixels(maxPixels)} megapixels)`;
  else if ((reason === 'unsupported image format' || reason.startsWith('file is corrupt')) && endsEarly(bytes)) reason = 'file is truncated';
  return new DecodeError(reason, { cause: err });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
