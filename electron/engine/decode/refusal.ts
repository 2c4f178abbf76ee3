// What the format-specific decoders (HEIF, camera RAW) throw when a file cannot be shown: a reason for people.
// One base class, so that decode.ts can tell their verdicts from bugs without loading either decoder.

export class DecoderRefusal extends Error {
  readonly reason: string;
  constructor(reason: string, name: string) {
    super(reason);
    this.name = name;
    this.reason = reason;
  }
}
