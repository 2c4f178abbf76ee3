// The version of the graph surgery (surgery.ts), alone in its file so that a prepared graph's cache key can be made
// without loading the surgery and the ONNX protobuf code under it.

/** Bump whenever the surgery's output changes: prepared graphs cached by an older version are then made again. */
export const SURGERY_VERSION = 1;
