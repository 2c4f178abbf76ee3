// libheif's errors told as a person would want them (pure): what the file is and why it cannot be shown. Reasons
// start like every other skip reason ("file is corrupt", "unsupported image format", ...) so the index knows
// that the same bytes will fail the same way and does not retry them.
import type { LibheifError } from './libheif';

const E = { invalidInput: 2, unsupportedFiletype: 3, unsupportedFeature: 4, memory: 6, decoderPlugin: 7, pluginLoading: 11 };
const S = { endOfData: 100, invalidBoxSize: 101, noItemData: 117, noPrimary: 124, invalidImageSize: 129, securityLimit: 1000, noDecoder: 6003 };

export function heifFailureReason(err: LibheifError): string {
  const detail = err.message.replace(/^[^:]*:\s*/, '').replace(/\s+/g, ' ').slice(0, 160);
  if (err.subcode === S.endOfData || err.subcode === S.invalidBoxSize) return 'file is truncated';
  if (err.code === E.unsupportedFeature && /\bpred\b/.test(err.message)) {
    return "unsupported image format (HEIF whose primary image is predicted from another ('pred'), which libheif cannot decode)";
  }
  if (err.subcode === S.noPrimary) return 'unsupported image format (HEIF without a primary image or image sequence)';
  if (err.code === E.pluginLoading || err.subcode === S.noDecoder) return 'unsupported image format (HEIF coded in a format libheif was built without)';
  if (err.code === E.unsupportedFiletype) return `unsupported image format (HEIF variant libheif does not read: ${detail})`;
  if (err.code === E.unsupportedFeature) return `unsupported image format (HEIF feature libheif does not support: ${detail})`;
  if (err.subcode === S.securityLimit) return `image is too large (${detail})`;
  if (err.code === E.memory) return 'image is too large to decode';
  if (err.subcode === S.noItemData) return 'file is corrupt (HEIF image data missing)';
  if (err.subcode === S.invalidImageSize) return 'file is corrupt (HEIF image size does not match its data)';
  if (err.code === E.decoderPlugin) return 'file is corrupt (HEVC data cannot be decoded)';
  return `file is corrupt (${detail})`;
}
