// Where the reduction's big arrays live: ordinary buffers when everything runs on this thread, SharedArrayBuffers
// when worker threads read and write them (a typed array on shared memory is posted to a worker without a copy).

export interface Alloc {
  readonly shared: boolean;
  f32(length: number): Float32Array;
  f64(length: number): Float64Array;
  i32(length: number): Int32Array;
  u8(length: number): Uint8Array;
}

export const localAlloc: Alloc = {
  shared: false,
  f32: (n) => new Float32Array(n),
  f64: (n) => new Float64Array(n),
  i32: (n) => new Int32Array(n),
  u8: (n) => new Uint8Array(n),
};

export const sharedAlloc: Alloc = {
  shared: true,
  f32: (n) => new Float32Array(new SharedArrayBuffer(n * 4)),
  f64: (n) => new Float64Array(new SharedArrayBuffer(n * 8)),
  i32: (n) => new Int32Array(new SharedArrayBuffer(n * 4)),
  u8: (n) => new Uint8Array(new SharedArrayBuffer(n)),
};

/** The array itself when its memory already suits `alloc`, else a copy in memory that does. */
export function adopt<T extends Float32Array | Int32Array>(alloc: Alloc, a: T): T {
  if (!alloc.shared || a.buffer instanceof SharedArrayBuffer) return a;
  const copy = (a instanceof Float32Array ? alloc.f32(a.length) : alloc.i32(a.length)) as T;
  copy.set(a);
  return copy;
}
