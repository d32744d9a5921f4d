import { tf } from "@continuum/core-tensor";

/**
 * Periodic roll of `t` by `shift` along `axis` (numpy.roll), for the shift-equivariance checks of the spectral
 * tests. Test-only: not exported from the package.
 */
export function roll(t: tf.Tensor, shift: number, axis: number): tf.Tensor {
  const n = t.shape[axis]!;
  const begin = t.shape.map(() => 0);
  const size = t.shape.map(() => -1);
  const b2 = [...begin];
  b2[axis] = n - shift;
  const s1 = [...size];
  s1[axis] = n - shift;
  return tf.concat([tf.slice(t, b2, size), tf.slice(t, begin, s1)], axis);
}
