// Types shared by the engine's parts (scan, decode, embed, models, library, pipeline).
// Plain data only: these values cross worker and process boundaries unchanged.

/** How a model wants its input image prepared (from the model catalog). */
export interface PreprocessSpec {
  /** Resize so that the short side has this many pixels (aspect kept). */
  resizeShortSide: number;
  /** Then take a centred square crop of this size. */
  cropSize: number;
  /** Multiply 0..255 values by this first (1/255 for [0,1] inputs, 1 for raw 0..255). */
  scale: number;
  /** Per channel, in the model's channel order: (v * scale - mean) / std. */
  mean: [number, number, number];
  std: [number, number, number];
  channelOrder: 'RGB' | 'BGR';
  layout: 'NCHW';
}

/** One model of the catalog in models/catalog.json. */
export interface ModelEntry {
  /** Short stable id used on the command line and in the library, e.g. "mobilenetv2-int8". */
  id: string;
  /** Human name, e.g. "MobileNet v2 1.0 (int8)". */
  name: string;
  /** File name in the models directory, e.g. "mobilenetv2-12-int8.onnx". */
  file: string;
  /** Canonical download URL. */
  url: string;
  sha256: string;
  bytes: number;
  inputName: string;
  /** Input shape as published; a string dimension is symbolic (batch can vary). */
  inputShape: Array<number | string>;
  outputName: string;
  /** Number of classes of the logits output (1000 for ImageNet-1k; 1001 when a background class comes first). */
  classes: number;
  /** Expected feature dimension of the penultimate layer, as documented. */
  featureDim: number;
  quantized: boolean;
  /** Outputs are probabilities already (softmax inside the graph) rather than logits. */
  outputIsProbability: boolean;
  preprocess: PreprocessSpec;
  license: string;
  notes?: string;
}

export type ProviderChoice = 'auto' | 'cpu' | 'cuda' | 'dml';

/** One file the scanner found, before any decoding. */
export interface ScannedFile {
  /** Path relative to the scanned root, '/'-separated, exactly as on disk (no Unicode normalization). */
  path: string;
  /** Absolute path usable to open the file. */
  absPath: string;
  size: number;
  /** Modification time in milliseconds (fractional part kept where the platform has it). */
  mtimeMs: number;
}

/** A file that could not be used, with a reason a person understands. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export type Stage = 'scan' | 'index' | 'download' | 'cluster' | 'apply';

/** Progress of long work, as shown by the CLI and the app. */
export interface Progress {
  stage: Stage;
  done: number;
  /** null while the total is not known yet (e.g. during the scan). */
  total: number | null;
  /** Items per second over the recent past (photos/s, bytes/s for downloads). */
  rate: number;
  /** Estimated seconds left, null when unknown. */
  etaSeconds: number | null;
  /** Optional short text: the file in hand, the model being loaded... */
  detail?: string;
}

export type ProgressListener = (p: Progress) => void;
