// Per-thread "seen" marks over point indices: a row is marked with the current stamp, and a new stamp forgets every
// mark at once, so visiting a point's candidates never needs clearing an n-sized array.
let marks = new Int32Array(0);
let current = 0;

/** Marks for n points and a stamp no entry carries yet. */
export function freshStamp(n: number): { marks: Int32Array; stamp: number } {
  if (marks.length < n) {
    marks = new Int32Array(n);
    current = 0;
  }
  if (current >= 0x7ffffff0) {
    marks.fill(0);
    current = 0;
  }
  return { marks, stamp: ++current };
}
