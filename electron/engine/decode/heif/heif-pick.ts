// Which image of a HEIF file to decode, and what its transformations mean for a crop (pure).
// Phones store a small thumbnail item (about 320×240) beside every photo; decoding it instead of the 12 MP grid is
// what makes indexing a camera roll practical, and it is enough for the network's 224 px input and a grid thumbnail.
import type { HeifTransform } from './libheif';

export interface Candidate {
  width: number;
  height: number;
}

/**
 * The smallest thumbnail whose short side reaches `minShortSide` and whose shape matches the primary image's
 * (a thumbnail stored unrotated, or of another crop, would feed the network a different picture), or -1.
 */
export function pickThumbnail(primary: Candidate, thumbnails: Candidate[], minShortSide: number): number {
  if (minShortSide <= 0) return -1;
  const aspect = primary.width / primary.height;
  let best = -1;
  thumbnails.forEach((t, i) => {
    if (t.width <= 0 || t.height <= 0 || Math.min(t.width, t.height) < minShortSide) return;
    if (t.width * t.height >= primary.width * primary.height) return; // not smaller: no gain over the primary
    if (Math.abs(t.width / t.height / aspect - 1) > 0.03) return;
    if (best < 0 || t.width * t.height < thumbnails[best].width * thumbnails[best].height) best = i;
  });
  return best;
}

/** Distances of a crop from each edge. */
export interface Borders {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Where a clean-aperture crop ends up once the rotations and mirrors that follow it are applied: the borders in
 * the coordinates of the final, displayed image. Several crops add up (each is measured in the frame it meets).
 */
export function cropInDisplayFrame(transforms: HeifTransform[]): Borders {
  let b: Borders = { left: 0, top: 0, right: 0, bottom: 0 };
  for (const t of transforms) {
    if (t.kind === 'crop') b = { left: b.left + t.left, top: b.top + t.top, right: b.right + t.right, bottom: b.bottom + t.bottom };
    else if (t.kind === 'mirror') b = t.axis === 'horizontal' ? { ...b, left: b.right, right: b.left } : { ...b, top: b.bottom, bottom: b.top };
    else {
      // Turning the picture a quarter counter-clockwise brings its top edge to the left, its right edge to the top.
      const quarters = (((t.degreesCcw / 90) % 4) + 4) % 4;
      for (let q = 0; q < quarters; q++) b = { left: b.top, top: b.right, right: b.bottom, bottom: b.left };
    }
  }
  return b;
}
