/**
 * Fixed-step classical Runge–Kutta (order 4) for `y' = f(t, y)` from `t0` to `t1` (may run backwards), returning
 * the `steps + 1` states. Local stand-in until `@continuum/ode` publishes its solvers.
 */
export function rk4(
  f: (t: number, y: Float64Array) => Float64Array,
  y0: Float64Array,
  t0: number,
  t1: number,
  steps: number,
): Float64Array[] {
  const h = (t1 - t0) / steps;
  const out: Float64Array[] = [Float64Array.from(y0)];
  let y = Float64Array.from(y0);
  const n = y.length;
  const axpy = (a: Float64Array, s: number, b: Float64Array) => {
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = a[i]! + s * b[i]!;
    return r;
  };
  for (let k = 0; k < steps; k++) {
    const t = t0 + k * h;
    const k1 = f(t, y);
    const k2 = f(t + h / 2, axpy(y, h / 2, k1));
    const k3 = f(t + h / 2, axpy(y, h / 2, k2));
    const k4 = f(t + h, axpy(y, h, k3));
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    y = next;
    out.push(y);
  }
  return out;
}
