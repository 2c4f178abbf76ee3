// Decoding one HEIF file inside the HEIF worker: the primary image (HEIF's own rotation, mirror and crop applied by
// libheif, EXIF orientation never added on top), or its smallest large-enough thumbnail, or the first frame of an
// image sequence. Files libheif cannot show get a reason that says what they are.
import { DecoderRefusal } from '../refusal';
import { withoutCleanAperture } from './clap-bypass';
import { endsEarly } from './heif-boxes';
import { cropInDisplayFrame, pickThumbnail } from './heif-pick';
import { HeifFile, LibheifError, SUBERROR_SECURITY_LIMIT, type HeifRaster } from './libheif';
import { heifFailureReason } from './heif-reasons';

export interface HeifRequest {
  bytes: Uint8Array;
  /** Short side the caller needs; a thumbnail item at least this large is used instead of the primary. 0: the full image. */
  minShortSide: number;
  /** A photo with more pixels is refused before its pixels are decoded (decompression bombs). */
  maxPixels: number;
}

export interface HeifResult {
  raster: HeifRaster;
  /** Size of the displayed full image (after its transformations): the photo's size, whatever was decoded. */
  width: number;
  height: number;
  source: 'thumbnail' | 'primary' | 'sequence';
}

/** Thrown with a reason for people ("HEIF file holds no still image…"). */
export class HeifDecodeError extends DecoderRefusal {
  constructor(reason: string) {
    super(reason, 'HeifDecodeError');
  }
}

export function decodeHeif(req: HeifRequest): HeifResult {
  // A cut copy often still holds its thumbnail item: it would be indexed, then fail in the preview.
  if (endsEarly(req.bytes)) throw new HeifDecodeError('file is truncated');
  let file: HeifFile;
  try {
    file = new HeifFile(req.bytes);
  } catch (err) {
    throw failure(err);
  }
  try {
    let primary: number;
    try {
      primary = file.primary();
    } catch (err) {
      // An image sequence with no still image item (a burst, an animation): its first frame stands for it.
      if (file.hasSequence()) return firstFrame(file);
      throw err;
    }
    const size = file.size(primary);
    if (size.width * size.height > req.maxPixels) throw new HeifDecodeError(`image is too large (${Math.round(size.width * size.height / 1e6)} megapixels)`);
    const thumbs = file.thumbnails(primary);
    const pick = pickThumbnail(size, thumbs.map((t) => file.size(t)), req.minShortSide);
    if (pick >= 0) {
      try {
        return { raster: file.decode(thumbs[pick]), ...size, source: 'thumbnail' };
      } catch {
        // A damaged thumbnail does not condemn the photo: the primary image is tried next.
      }
    }
    try {
      return { raster: file.decode(primary), ...size, source: 'primary' };
    } catch (err) {
      const bypassed = err instanceof LibheifError && err.subcode === SUBERROR_SECURITY_LIMIT ? decodeUncropped(req.bytes, file, primary) : null;
      if (bypassed) return { raster: bypassed, ...size, source: 'primary' };
      throw err;
    }
  } catch (err) {
    throw failure(err);
  } finally {
    file.close();
  }
}

function firstFrame(file: HeifFile): HeifResult {
  const raster = file.decodeFirstFrame();
  return { raster, width: raster.width, height: raster.height, source: 'sequence' };
}

/** See clap-bypass.ts: decode a copy whose clean aperture keeps everything, then crop as the file said. */
function decodeUncropped(bytes: Uint8Array, file: HeifFile, primary: number): HeifRaster | null {
  const transforms = file.transforms(primary);
  const firstCrop = transforms.findIndex((t) => t.kind === 'crop');
  if (firstCrop < 0) return null;
  let { width, height } = file.codedSize(primary);
  for (const t of transforms.slice(0, firstCrop)) if (t.kind === 'rotate' && t.degreesCcw % 180 !== 0) [width, height] = [height, width];
  const patched = withoutCleanAperture(bytes, width, height);
  if (!patched) return null;
  const copy = new HeifFile(patched);
  try {
    const whole = copy.decode(copy.primary());
    return cropRaster(whole, cropInDisplayFrame(transforms));
  } finally {
    copy.close();
  }
}

function cropRaster(r: HeifRaster, b: { left: number; top: number; right: number; bottom: number }): HeifRaster {
  const left = clamp(b.left, 0, r.width - 1);
  const top = clamp(b.top, 0, r.height - 1);
  const width = clamp(r.width - left - b.right, 1, r.width - left);
  const height = clamp(r.height - top - b.bottom, 1, r.height - top);
  const row = width * r.channels;
  const data = new Uint8Array(row * height);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * r.width + left) * r.channels;
    data.set(r.data.subarray(from, from + row), y * row);
  }
  return { ...r, data, width, height };
}

function failure(err: unknown): HeifDecodeError {
  if (err instanceof HeifDecodeError) return err;
  if (err instanceof LibheifError) return new HeifDecodeError(heifFailureReason(err));
  throw err; // not libheif's answer about the file: a bug or an abort, which the worker reports as such
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
