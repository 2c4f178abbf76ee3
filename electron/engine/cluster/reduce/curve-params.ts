// The low-dimensional similarity 1 / (1 + a·d^(2b)) that the layout optimizes: a and b are fitted (least squares,
// Levenberg–Marquardt) to the curve that is 1 up to minDist and decays as exp(−(d − minDist)/spread) after it.
// minDist 0, spread 1 gives a ≈ 1.93, b ≈ 0.79.

export function curveParameters(minDist: number, spread = 1): { a: number; b: number } {
  const m = 300;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    xs[i] = (3 * spread * i) / (m - 1);
    ys[i] = xs[i] < minDist ? 1 : Math.exp(-(xs[i] - minDist) / spread);
  }
  const cost = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const r = 1 / (1 + a * Math.pow(xs[i], 2 * b)) - ys[i];
      s += r * r;
    }
    return s;
  };
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let current = cost(a, b);
  for (let it = 0; it < 200; it++) {
    // normal equations of the linearized problem, 2×2
    let jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
    for (let i = 0; i < m; i++) {
      const x = xs[i];
      if (x === 0) continue; // the model is exactly 1 there, whatever a and b
      const u = Math.pow(x, 2 * b);
      const g = 1 / (1 + a * u);
      const r = g - ys[i];
      const da = -u * g * g;
      const db = -a * u * 2 * Math.log(x) * g * g;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    for (let tries = 0; tries < 20 && !improved; tries++) {
      const haa = jaa * (1 + lambda);
      const hbb = jbb * (1 + lambda);
      const det = haa * hbb - jab * jab;
      if (det === 0) break;
      const stepA = -(hbb * ga - jab * gb) / det;
      const stepB = -(haa * gb - jab * ga) / det;
      const na = a + stepA;
      const nb = b + stepB;
      const c = na > 0 && nb > 0 ? cost(na, nb) : Infinity;
      if (c < current) {
        const gain = current - c;
        a = na;
        b = nb;
        current = c;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (gain < 1e-14) return { a, b };
      } else {
        lambda *= 10;
      }
    }
    if (!improved) break;
  }
  return { a, b };
}
