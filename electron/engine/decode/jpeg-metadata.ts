// A JPEG header (jpeg-header.ts) in the shape of sharp's metadata, limited to the fields decode.ts reads.
import type { Metadata } from 'sharp';
import type { JpegHeader } from './jpeg-header';

const SPACE: Record<number, Metadata['space']> = { 1: 'b-w', 3: 'srgb', 4: 'cmyk' };

export function jpegMetadata(h: JpegHeader): Metadata {
  const turned = h.orientation >= 5; // 5–8 swap width and height
  return {
    format: 'jpeg',
    width: h.width,
    height: h.height,
    autoOrient: { width: turned ? h.height : h.width, height: turned ? h.width : h.height },
    channels: h.channels as Metadata['channels'],
    space: SPACE[h.channels],
    depth: h.precision <= 8 ? 'uchar' : 'ushort',
    orientation: h.orientation,
    hasAlpha: false,
    ...(h.icc ? { icc: Buffer.alloc(0) } : {}),
  } as Metadata;
}
