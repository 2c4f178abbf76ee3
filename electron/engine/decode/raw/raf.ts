// The preview of Fujifilm RAF files (layout after exiftool's FujiFilm.pm): a 16-byte "FUJIFILMCCD-RAW " signature,
// then a fixed header whose big-endian 32-bit words at bytes 84 and 88 give the embedded JPEG's offset and length.
// That JPEG is the only preview (full size on most bodies) and carries the camera's EXIF, orientation included;
// the RAF header records no orientation of its own, so none is set here and the JPEG's own EXIF orientation is
// the one reported (raw-preview.ts falls back to it).
import { ByteView } from './bytes';
import type { Findings } from './findings';

export function readRaf(bytes: Uint8Array, f: Findings): void {
  const v = new ByteView(bytes, false);
  if (!v.has(84, 8)) {
    f.truncated = true;
    return;
  }
  f.add(v.u32(84), v.u32(88), 'RAF header');
}
