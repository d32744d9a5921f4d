import { describe, expect, it } from "vitest";
import { axpy, dot, matmul, matvec, norm2, normInf, transpose } from "./blas.js";

describe("blas helpers", () => {
  it("dot, axpy, norms on small vectors (exact integer arithmetic)", () => {
    expect(dot(new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6]))).toBe(32);
    const y = new Float64Array([1, 1]);
    expect(axpy(2, new Float64Array([1, 2]), y)).toBe(y);
    expect(Array.from(y)).toEqual([3, 5]);
    expect(norm2(new Float64Array([3, 4]))).toBe(5);
    expect(normInf(new Float64Array([1, -7, 3]))).toBe(7);
  });

  it("norm2 neither overflows nor underflows", () => {
    expect(norm2(new Float64Array([3e200, 4e200]))).toBeCloseTo(5e200, -188);
    expect(norm2(new Float64Array([3e-200, 4e-200])) / 5e-200).toBeCloseTo(1, 14);
    expect(norm2(new Float64Array([Number.NaN, 1]))).toBeNaN();
    expect(normInf(new Float64Array([1, Number.NaN]))).toBeNaN();
  });

  it("matmul and matvec match hand-computed products", () => {
    const a = new Float64Array([1, 2, 3, 4, 5, 6]); // 2x3
    const b = new Float64Array([7, 8, 9, 10, 11, 12]); // 3x2
    expect(Array.from(matmul(a, b, 2, 3, 2))).toEqual([58, 64, 139, 154]);
    expect(Array.from(matvec(a, new Float64Array([1, 0, -1]), 2, 3))).toEqual([-2, -2]);
    expect(Array.from(transpose(a, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
    const out = new Float64Array(4).fill(99);
    matmul(a, b, 2, 3, 2, out);
    expect(Array.from(out)).toEqual([58, 64, 139, 154]);
  });

  it("rejects mismatched sizes with messages naming the argument", () => {
    expect(() => dot(new Float64Array(2), new Float64Array(3))).toThrow(
      /dot: x and y must have equal length, received 2 and 3/,
    );
    expect(() => matmul(new Float64Array(6), new Float64Array(5), 2, 3, 2)).toThrow(
      /matmul: b must have length 6, received length 5/,
    );
    expect(() => matvec(new Float64Array(6), new Float64Array(2), 2, 3)).toThrow(
      /matvec: x must have length 3/,
    );
    expect(() => matvec([1, 2] as unknown as Float64Array, new Float64Array(2), 1, 2)).toThrow(
      /a must be a Float64Array, received Array\(2\)/,
    );
    expect(() =>
      matmul(new Float64Array(4), new Float64Array(4), 2, 2, 2, new Float64Array(4).subarray(0, 3)),
    ).toThrow(/out must have length 4/);
  });
});
