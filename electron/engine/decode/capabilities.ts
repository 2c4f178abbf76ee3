// Which image formats Likeness can decode: what the installed sharp/libvips reads (prebuilt sharp reads HEIF only
// when AV1-coded, i.e. AVIF, and has no JPEG 2000 or JPEG XL; a custom libvips may have more), plus HEIC, which
// libheif's WebAssembly build decodes (decode/heif/), and camera RAW, read by its embedded JPEG preview
// (decode/raw/). Asked once, at first use.
import sharp from 'sharp';

/** Image formats Likeness knows by name. 'heif' is HEIC (HEVC-coded HEIF); 'avif' is AV1-coded HEIF. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heif' | 'svg' | 'jp2' | 'jxl' | 'raw';

/** How each format is named to a person ("unsupported image format (HEIC)"). */
export const FORMAT_NAMES: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  tiff: 'TIFF',
  avif: 'AVIF',
  heif: 'HEIC',
  svg: 'SVG',
  jp2: 'JPEG 2000',
  jxl: 'JPEG XL',
  raw: 'camera RAW',
};

type FormatTable = Record<string, { input?: { buffer?: boolean; fileSuffix?: string[] } } | undefined>;

let cached: ReadonlySet<ImageFormat> | null = null;

/** The formats decodable in this installation. */
export function decodableFormats(): ReadonlySet<ImageFormat> {
  if (cached) return cached;
  const table = sharp.format as unknown as FormatTable;
  const can = (id: string) => table[id]?.input?.buffer === true;
  const out = new Set<ImageFormat>();
  for (const id of ['jpeg', 'png', 'webp', 'gif', 'tiff', 'svg', 'jxl'] as const) if (can(id)) out.add(id);
  if (can('jp2k') || can('jp2')) out.add('jp2');
  if (can('heif')) {
    // libheif lists the suffixes it has decoders for: '.avif' with an AV1 decoder.
    if ((table.heif?.input?.fileSuffix ?? []).includes('.avif')) out.add('avif');
  }
  out.add('heif'); // HEVC-coded HEIF: libheif-js, whatever libvips was built with
  out.add('raw'); // camera RAW, by its embedded JPEG preview (decode/raw/)
  cached = out;
  return out;
}
