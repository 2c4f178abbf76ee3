// A picture a browser can show for a photo it cannot: Chromium displays JPEG, PNG, GIF, WebP and AVIF, but not
// HEIC, TIFF, camera RAW, JPEG 2000 or JPEG XL, and the app never serves SVG as an image (it could run script).
// The large preview and the full-photo URL of such a photo serve this JPEG instead (made once, see preview-cache).
import sharp, { type Sharp } from 'sharp';
import { heifPool } from './heif/heif-pool';
import { HeifDecodeError } from './heif/heif-decode';
import type { ImageFormat } from './capabilities';
import { sniff } from '../scan/sniff';
import { photoFormat, rawPreviewJpeg } from './decode';

const BROWSER_FORMATS: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'gif', 'webp', 'avif']);
const QUALITY = 88;
/** Long side of a converted preview at most: a full 12–50 MP photo, while a 200 MP scan is brought down. */
const MAX_SIDE = 8192;
const MAX_PIXELS = 200_000_000;

/** The format of `head` when a browser cannot show it as it is; null when it can (or when it is no image at all). */
export function needsConversion(head: Uint8Array, size: number): ImageFormat | null {
  const kind = sniff(head, size);
  return kind.image && !BROWSER_FORMATS.has(kind.format) ? kind.format : null;
}

/** Upright JPEG of the whole photo (alpha flattened on white). Throws with a reason when the photo cannot be decoded. */
export async function renderBrowserPreview(bytes: Buffer): Promise<Buffer> {
  const format = photoFormat(bytes);
  let img: Sharp;
  if (format === 'heif') {
    const { raster } = await heifPool().decode(bytes, 0, MAX_PIXELS).catch((err: unknown) => {
      throw err instanceof HeifDecodeError ? new Error(err.reason) : err;
    });
    img = sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: raster.channels, premultiplied: raster.premultiplied } });
  } else {
    // A camera RAW shows its largest embedded JPEG, turned as the RAW says.
    const source = format === 'raw' ? rawPreviewJpeg(bytes) : bytes;
    img = sharp(source, { limitInputPixels: MAX_PIXELS, pages: 1, page: 0 }).rotate();
  }
  return img
    .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: { r: 255, g: 255, b: 255 } })
    .toColourspace('srgb')
    .jpeg({ quality: QUALITY, mozjpeg: false })
    .toBuffer();
}
