// Elementwise kernels of the fused MLP jet (../mlp-jet.ts) and the transpose of the faster WASM matMul, compiled
// to WebAssembly SIMD by gen-act-kernel.mjs (clang --target=wasm32 -msimd128). The module imports the memory of
// TensorFlow.js's WASM backend, so every pointer below is an offset into that heap (a tensor's memoryOffset) and
// the kernels read and write tensors in place, without copies.
//
// Each kernel mirrors the JavaScript loop it replaces operation by operation, in float64 where the JavaScript
// computes in float64 (a JS number), rounding to float32 only where the JavaScript stores into a Float32Array.
// The results are therefore bitwise identical to the JavaScript path, which the tests check.
//
// No kernel uses the C stack (there are no local arrays, and nothing is passed by address): the module has no
// stack of its own in the imported memory. gen-act-kernel.mjs rejects a build that references __stack_pointer.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

// Math.exp of the host, for the rare |x| > 7.9 tail of tanh (the same function the JavaScript path calls).
extern double host_exp(double) __attribute__((import_module("env"), import_name("exp")));

typedef float f32;
typedef double f64;

// fastTanhF32 of fast-math.ts: Eigen's ptanh_float, the odd 13/6 rational minimax approximation evaluated in
// float32 on |x| ≤ 7.9053 (the argument rounded to float32 first), and 1 − 2e^{−2|x|} in float64, rounded to
// float32, beyond. Float32 lanes make it 4-wide and about 4x faster than the float64 evaluation it replaced.
#define TANH_CLAMP_F 7.905311107635498f

static inline f32 tanh_scalar(f32 x) {
  if (x > TANH_CLAMP_F) return (f32)(1 - 2 * host_exp(-2 * (f64)x));
  if (x < -TANH_CLAMP_F) return (f32)(2 * host_exp(2 * (f64)x) - 1);
  f32 x2 = x * x;
  f32 p = -2.76076847742355e-16f;
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 - 8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-8f;
  p = p * x2 + 1.48572235717979e-5f;
  p = p * x2 + 6.37261928875436e-4f;
  p = p * x2 + 4.89352455891786e-3f;
  f32 q = 1.19825839466702e-6f;
  q = q * x2 + 1.18534705686654e-4f;
  q = q * x2 + 2.268434632439e-3f;
  q = q * x2 + 4.89352518554385e-3f;
  return (p * x) / q;
}

#define SPLAT(c) wasm_f64x2_splat(c)
#define MUL wasm_f64x2_mul
#define ADD wasm_f64x2_add
#define SUB wasm_f64x2_sub
#define FS(c) wasm_f32x4_splat(c)

// The rational part of tanh_scalar on four lanes, valid for |x| ≤ TANH_CLAMP_F; lanes beyond it are flagged in
// *big (NaN lanes are not: they give NaN here as in tanh_scalar) and must be recomputed with tanh_scalar. The hot
// loops call this and fix the rare flagged elements in a second pass, so that no call (to host_exp) sits inside
// them: with a call in the loop, V8 spills the loop's pointers and reloads every polynomial constant per vector,
// which made the tanh kernels about 2x slower.
static inline v128_t tanh4_poly(v128_t x, v128_t* big) {
  *big = wasm_v128_or(*big, wasm_f32x4_gt(wasm_f32x4_abs(x), FS(TANH_CLAMP_F)));
  v128_t x2 = wasm_f32x4_mul(x, x);
  v128_t p = FS(-2.76076847742355e-16f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), FS(2.00018790482477e-13f));
  p = wasm_f32x4_sub(wasm_f32x4_mul(p, x2), FS(8.60467152213735e-11f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), FS(5.12229709037114e-8f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), FS(1.48572235717979e-5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), FS(6.37261928875436e-4f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), FS(4.89352455891786e-3f));
  v128_t q = FS(1.19825839466702e-6f);
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), FS(1.18534705686654e-4f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), FS(2.268434632439e-3f));
  q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), FS(4.89352518554385e-3f));
  return wasm_f32x4_div(wasm_f32x4_mul(p, x), q);
}

// Whether any of the four lanes has |x| > t (the fix-up passes' 4-lane scan).
static inline int any_abs_gt(v128_t x, f32 t) { return wasm_v128_any_true(wasm_f32x4_gt(wasm_f32x4_abs(x), FS(t))); }

// Whether tanh_scalar takes its exp branch at x (|x| beyond the clamp; false for NaN, as the lane test above).
static inline int tanh_big(f32 x) { return x > TANH_CLAMP_F || x < -TANH_CLAMP_F; }

// Four lanes of tanh_scalar; lanes beyond the clamp take the scalar path.
static inline v128_t tanh4(v128_t x) {
  v128_t big = wasm_i32x4_splat(0);
  v128_t y = tanh4_poly(x, &big);
  if (wasm_v128_any_true(big))
    return wasm_f32x4_make(tanh_scalar(wasm_f32x4_extract_lane(x, 0)), tanh_scalar(wasm_f32x4_extract_lane(x, 1)),
                           tanh_scalar(wasm_f32x4_extract_lane(x, 2)), tanh_scalar(wasm_f32x4_extract_lane(x, 3)));
  return y;
}

// tanh_scalar of two float64 lanes (each rounded to float32 first), widened back to float64.
static inline v128_t tanh2(v128_t x) {
  return wasm_f64x2_promote_low_f32x4(tanh4(wasm_f32x4_demote_f64x2_zero(x)));
}

// The low and high float32 pairs of a vector as float64 lanes, and two float64 pairs rounded into one vector.
static inline v128_t lo2(v128_t v) { return wasm_f64x2_promote_low_f32x4(v); }
static inline v128_t hi2(v128_t v) { return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3)); }
static inline v128_t join4(v128_t lo, v128_t hi) {
  return wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// Two float32 at p, widened to float64 lanes.
static inline v128_t load2(const f32* p) { return wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(p)); }

// Two float64 lanes rounded to float32 and stored at p.
static inline void store2(f32* p, v128_t v) { wasm_v128_store64_lane(p, wasm_f32x4_demote_f64x2_zero(v), 0); }

// tanhArray: out[i] = tanh(x[i]) rounded to float32.
EXPORT(tanh_array) void tanh_array(const f32* x, f32* out, int n) {
  int i = 0;
  v128_t big = wasm_i32x4_splat(0);
  for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, tanh4_poly(wasm_v128_load(x + i), &big));
  for (; i < n; i++) out[i] = tanh_scalar(x[i]);
  if (wasm_v128_any_true(big))  // the lanes beyond the clamp, with the exp branch
    for (int q = 0; q + 4 <= n; q += 4)
      if (any_abs_gt(wasm_v128_load(x + q), TANH_CLAMP_F))
        for (int l = q; l < q + 4; l++)
          if (tanh_big(x[l])) out[l] = tanh_scalar(x[l]);
}

// One element of tanh_fwd_primal (its scalar tail, and the fix-up of lanes beyond the clamp).
__attribute__((noinline)) static void tanh_fwd_elem(const f32* zr, const f32* b, f32* yr, f32* s1r, f32* s2r, int j) {
  f64 yy = tanh_scalar(zr[j] + b[j]);
  f64 d = 1 - yy * yy;
  yr[j] = (f32)yy;
  if (s1r) s1r[j] = (f32)d;
  if (s2r) s2r[j] = (f32)(-2 * yy * d);
}

// Forward primal block of a tanh layer on rows × m: y = tanh(z + b[j]) (float32), and when s1 ≠ 0 (derivative
// blocks follow) s1 = 1 − y², when s2 ≠ 0, s2 = −2·y·s1 (s1 and s2 in float64, as in activateForward).
EXPORT(tanh_fwd_primal)
void tanh_fwd_primal(const f32* z, const f32* b, f32* y, f32* s1, f32* s2, int rows, int m) {
  for (int r = 0; r < rows; r++) {
    const f32* zr = z + r * m;
    f32* yr = y + r * m;
    f32* s1r = s1 ? s1 + r * m : 0;
    f32* s2r = s2 ? s2 + r * m : 0;
    v128_t big = wasm_i32x4_splat(0);
    int j = 0;
    if (!s1)
      for (; j + 4 <= m; j += 4)
        wasm_v128_store(yr + j, tanh4_poly(wasm_f32x4_add(wasm_v128_load(zr + j), wasm_v128_load(b + j)), &big));
    else
      for (; j + 4 <= m; j += 4) {
        v128_t y4 = tanh4_poly(wasm_f32x4_add(wasm_v128_load(zr + j), wasm_v128_load(b + j)), &big);
        wasm_v128_store(yr + j, y4);
        v128_t yl = lo2(y4), yh = hi2(y4);
        v128_t dl = SUB(SPLAT(1), MUL(yl, yl)), dh = SUB(SPLAT(1), MUL(yh, yh));
        wasm_v128_store(s1r + j, join4(dl, dh));
        if (s2r) wasm_v128_store(s2r + j, join4(MUL(MUL(SPLAT(-2), yl), dl), MUL(MUL(SPLAT(-2), yh), dh)));
      }
    for (int q = j; q < m; q++) tanh_fwd_elem(zr, b, yr, s1r, s2r, q);
    if (wasm_v128_any_true(big))  // the lanes beyond the clamp, with the exp branch
      for (int q = 0; q < j; q += 4) {
        v128_t x = wasm_f32x4_add(wasm_v128_load(zr + q), wasm_v128_load(b + q));
        if (any_abs_gt(x, TANH_CLAMP_F))
          for (int l = q; l < q + 4; l++)
            if (tanh_big(zr[l] + b[l])) tanh_fwd_elem(zr, b, yr, s1r, s2r, l);
      }
  }
}

// out = a · b elementwise (a float32 product is exact in float64, so this equals the rounded float64 product).
EXPORT(mul_f32) void mul_f32(const f32* a, const f32* b, f32* out, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
  for (; i < n; i++) out[i] = a[i] * b[i];
}

// Second-order forward block: out = s1·zs + (s2·zf)·zf, in float64.
EXPORT(tanh_fwd_second)
void tanh_fwd_second(const f32* s1, const f32* zs, const f32* s2, const f32* zf, f32* out, int n) {
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    v128_t f = load2(zf + i);
    store2(out + i, ADD(MUL(load2(s1 + i), load2(zs + i)), MUL(MUL(load2(s2 + i), f), f)));
  }
  for (; i < n; i++) out[i] = (f32)((f64)s1[i] * zs[i] + (f64)s2[i] * zf[i] * zf[i]);
}

// Identity layer: out = z + b[j] on the first `rows` rows of m columns (a float32 sum rounded once, as the
// JavaScript `+=` on a Float32Array entry), and out = z on the next `rest` entries (the derivative blocks).
EXPORT(bias_add) void bias_add(const f32* z, const f32* b, f32* out, int rows, int m, int rest) {
  for (int r = 0; r < rows; r++) {
    const f32* zr = z + r * m;
    f32* o = out + r * m;
    for (int j = 0; j < m; j++) o[j] = (f32)((f64)zr[j] + (f64)b[j]);
  }
  const f32* zs = z + rows * m;
  f32* os = out + rows * m;
  int i = 0;
  for (; i + 4 <= rest; i += 4) wasm_v128_store(os + i, wasm_v128_load(zs + i));
  for (; i < rest; i++) os[i] = zs[i];
}

// Backward primal block of a tanh layer: y = saved output (or tanh(z + b) when y = 0), dz = g·(1 − y²), and when
// given s1 = 1 − y², s2 = −2·y·s1, s3 = −2·s1·(s1 − 2·y²) (all in float64, as in activateBackward).
EXPORT(tanh_bwd_primal)
void tanh_bwd_primal(const f32* g, const f32* y, const f32* z, const f32* b, f32* dz, f32* s1, f32* s2, f32* s3,
                     int rows, int m) {
  for (int r = 0; r < rows; r++) {
    int o = r * m;
    int j = 0;
    for (; j + 2 <= m; j += 2) {
      v128_t yy = y ? load2(y + o + j) : tanh2(ADD(load2(z + o + j), load2(b + j)));
      v128_t d = SUB(SPLAT(1), MUL(yy, yy));
      if (s1) store2(s1 + o + j, d);
      store2(dz + o + j, MUL(load2(g + o + j), d));
      if (s2) store2(s2 + o + j, MUL(MUL(SPLAT(-2), yy), d));
      if (s3) store2(s3 + o + j, MUL(MUL(SPLAT(-2), d), SUB(d, MUL(MUL(SPLAT(2), yy), yy))));
    }
    for (; j < m; j++) {
      f64 yy = y ? (f64)y[o + j] : tanh_scalar(z[o + j] + b[j]);
      f64 d = 1 - yy * yy;
      if (s1) s1[o + j] = (f32)d;
      dz[o + j] = (f32)((f64)g[o + j] * d);
      if (s2) s2[o + j] = (f32)(-2 * yy * d);
      if (s3) s3[o + j] = (f32)(-2 * d * (d - 2 * yy * yy));
    }
  }
}

// Backward of a first-order block: dz0 += (gf·s2)·zf, dzf = gf·s1 (float64, rounded on store).
EXPORT(tanh_bwd_first)
void tanh_bwd_first(const f32* gf, const f32* zf, const f32* s1, const f32* s2, f32* dz0, f32* dzf, int n) {
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    v128_t g = load2(gf + i);
    store2(dz0 + i, ADD(load2(dz0 + i), MUL(MUL(g, load2(s2 + i)), load2(zf + i))));
    store2(dzf + i, MUL(g, load2(s1 + i)));
  }
  for (; i < n; i++) {
    f64 g = gf[i];
    dz0[i] = (f32)((f64)dz0[i] + g * s2[i] * zf[i]);
    dzf[i] = (f32)(g * s1[i]);
  }
}

// Backward of a second-order block (direction block zf, second block zs):
// dz0 += gs·(s2·zs + (s3·zf)·zf), dzf += ((2·gs)·s2)·zf, dzs = gs·s1.
EXPORT(tanh_bwd_second)
void tanh_bwd_second(const f32* gs, const f32* zs, const f32* zf, const f32* s1, const f32* s2, const f32* s3,
                     f32* dz0, f32* dzf, f32* dzs, int n) {
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    v128_t g = load2(gs + i);
    v128_t f = load2(zf + i);
    v128_t c2 = load2(s2 + i);
    v128_t inner = ADD(MUL(c2, load2(zs + i)), MUL(MUL(load2(s3 + i), f), f));
    store2(dz0 + i, ADD(load2(dz0 + i), MUL(g, inner)));
    store2(dzf + i, ADD(load2(dzf + i), MUL(MUL(MUL(SPLAT(2), g), c2), f)));
    store2(dzs + i, MUL(g, load2(s1 + i)));
  }
  for (; i < n; i++) {
    f64 g = gs[i];
    f64 f = zf[i];
    dz0[i] = (f32)((f64)dz0[i] + g * ((f64)s2[i] * zs[i] + (f64)s3[i] * f * f));
    dzf[i] = (f32)((f64)dzf[i] + 2 * g * s2[i] * f);
    dzs[i] = (f32)(g * s1[i]);
  }
}

// The backward of a tanh layer when only the weights' gradients are wanted (no derivative blocks) and the output
// y was saved: dz = g·(1 − y²) (float64, rounded on store) and the bias gradient db = column sums of the rounded dz
// (float64 accumulation in acc, m float64 of scratch): tanh_bwd_primal then col_sum in one pass, bitwise.
EXPORT(tanh_bwd_y) void tanh_bwd_y(const f32* g, const f32* y, f32* dz, f64* acc, f32* db, int rows, int m) {
  for (int j = 0; j < m; j++) acc[j] = 0;
  for (int r = 0; r < rows; r++) {
    int o = r * m;
    int j = 0;
    for (; j + 4 <= m; j += 4) {
      v128_t yy = wasm_v128_load(y + o + j), gg = wasm_v128_load(g + o + j);
      v128_t yl = lo2(yy), yh = hi2(yy);
      v128_t v = join4(MUL(lo2(gg), SUB(SPLAT(1), MUL(yl, yl))), MUL(hi2(gg), SUB(SPLAT(1), MUL(yh, yh))));
      wasm_v128_store(dz + o + j, v);
      wasm_v128_store(acc + j, ADD(wasm_v128_load(acc + j), lo2(v)));
      wasm_v128_store(acc + j + 2, ADD(wasm_v128_load(acc + j + 2), hi2(v)));
    }
    for (; j < m; j++) {
      f64 yv = y[o + j];
      dz[o + j] = (f32)((f64)g[o + j] * (1 - yv * yv));
      acc[j] += dz[o + j];
    }
  }
  for (int j = 0; j < m; j++) db[j] = (f32)acc[j];
}

// Column sums of a rows × m matrix in float64, row by row (acc: m float64 of scratch), rounded into out.
EXPORT(col_sum) void col_sum(const f32* x, int rows, int m, f64* acc, f32* out) {
  for (int j = 0; j < m; j++) acc[j] = 0;
  for (int r = 0; r < rows; r++) {
    const f32* xr = x + r * m;
    int j = 0;
    for (; j + 2 <= m; j += 2) wasm_v128_store(acc + j, ADD(wasm_v128_load(acc + j), load2(xr + j)));
    for (; j < m; j++) acc[j] += xr[j];
  }
  for (int j = 0; j < m; j++) out[j] = (f32)acc[j];
}

// One 4 × 4 tile of transpose_2d: dst[(j + c)·drs + i + r] = src[(i + r)·srs + j + c], r, c < 4.
static inline void transpose_tile4(const f32* src, f32* dst, int i, int j, int srs, int drs) {
  v128_t r0 = wasm_v128_load(src + (i + 0) * srs + j);
  v128_t r1 = wasm_v128_load(src + (i + 1) * srs + j);
  v128_t r2 = wasm_v128_load(src + (i + 2) * srs + j);
  v128_t r3 = wasm_v128_load(src + (i + 3) * srs + j);
  v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
  v128_t t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
  v128_t t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
  v128_t t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  wasm_v128_store(dst + (j + 0) * drs + i, wasm_i64x2_shuffle(t0, t1, 0, 2));
  wasm_v128_store(dst + (j + 1) * drs + i, wasm_i64x2_shuffle(t0, t1, 1, 3));
  wasm_v128_store(dst + (j + 2) * drs + i, wasm_i64x2_shuffle(t2, t3, 0, 2));
  wasm_v128_store(dst + (j + 3) * drs + i, wasm_i64x2_shuffle(t2, t3, 1, 3));
}

// Blocks of transpose_2d: 64 source rows (four 64-byte lines of each destination row) × 8 source columns, so that
// each destination line is written whole in one visit. Sweeping all columns of a 4-row strip instead touched one
// line per destination row, and with power-of-two row strides (a 4096 × 256 activation) those lines share a few
// cache sets and were evicted before the next strip completed them. Measured (tf.transpose on wasm, one thread):
// 4096 × 256 1.73 → 0.93 ms, 256 × 4096 2.02 → 0.77 ms, 4096 × 100 0.52 → 0.24 ms; 16 × 16, 8 × 8 and 32 × 4
// blocks were slower.
#define TR_BR 64
#define TR_BC 8

// One strided 2-D transpose: dst[j·drs + i] = src[i·srs + j] for i < rows, j < cols (src rows and dst rows are
// contiguous), in 4 × 4 SIMD tiles (blocked, see TR_BR) with scalar edges.
static void transpose_2d(const f32* src, f32* dst, int rows, int cols, int srs, int drs) {
  int r4 = rows & ~3, c4 = cols & ~3;
  for (int i0 = 0; i0 < r4; i0 += TR_BR) {
    int i1 = i0 + TR_BR < r4 ? i0 + TR_BR : r4;
    for (int j0 = 0; j0 < c4; j0 += TR_BC) {
      int j1 = j0 + TR_BC < c4 ? j0 + TR_BC : c4;
      for (int i = i0; i < i1; i += 4)
        for (int j = j0; j < j1; j += 4) transpose_tile4(src, dst, i, j, srs, drs);
    }
    for (int j = c4; j < cols; j++)
      for (int i = i0; i < i1; i++) dst[j * drs + i] = src[i * srs + j];
  }
  for (int i = r4; i < rows; i++)
    for (int j = 0; j < cols; j++) dst[j * drs + i] = src[i * srs + j];
}

// transposeLast2: out[b][j][i] = src[b][i][j] for a batch of rows × cols blocks, in 4 × 4 SIMD tiles.
EXPORT(transpose_last2) void transpose_last2(const f32* src, f32* out, int batch, int rows, int cols) {
  int block = rows * cols;
  for (int b = 0; b < batch; b++) transpose_2d(src + b * block, out + b * block, rows, cols, cols, rows);
}

// ---------------------------------------------------------------------------------------------------------
// Single-precision products for the fused MLP's dense layers, in float32 with f32x4 lanes (summation order
// differs from XNNPACK's, so results agree with tf.matMul to float32 rounding, not bitwise). Row-major.
//
// MADD(c, x, b) is c + x·b. The plain build rounds the product and then the sum (f32x4.mul, f32x4.add). The FMA
// build (-DCONTINUUM_FMA -mrelaxed-simd) uses relaxed SIMD's f32x4.relaxed_madd, one rounding where the CPU has
// fused multiply-add (x86 FMA3, ARM NEON) and two otherwise; it is about 1.4x faster on the 4096×256×256 product.
// clang 14 only knows the instruction's prototype encoding (__builtin_wasm_fma_f32x4, opcode 0xaf, which added
// its first operand to the product of the other two); gen-act-kernel.mjs rewrites each of those opcodes to
// relaxed_madd (0x105, x·b + c), so the operands are passed in relaxed_madd's order.
#ifdef CONTINUUM_FMA
#define MADD(c, x, b) __builtin_wasm_fma_f32x4((x), (b), (c))
#else
#define MADD(c, x, b) wasm_f32x4_add((c), wasm_f32x4_mul((x), (b)))
#endif

// Store lanes 4 − rem … 3 of v at c4 + lane (c4 points at the last 4 columns; rem = 1…3 of them are new).
static inline void store_last(f32* c4, v128_t v, int rem) {
  if (rem >= 3) wasm_v128_store32_lane(c4 + 1, v, 1);
  if (rem >= 2) wasm_v128_store32_lane(c4 + 2, v, 2);
  wasm_v128_store32_lane(c4 + 3, v, 3);
}

// Four rows' next four entries (a0…a3 at p) transposed into lanes: *t0 holds entry p of each row, … *t3 entry p + 3.
static inline void rows4_transposed(const f32* a0, const f32* a1, const f32* a2, const f32* a3, int p, v128_t* t0,
                                    v128_t* t1, v128_t* t2, v128_t* t3) {
  v128_t r0 = wasm_v128_load(a0 + p), r1 = wasm_v128_load(a1 + p);
  v128_t r2 = wasm_v128_load(a2 + p), r3 = wasm_v128_load(a3 + p);
  v128_t u0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), u1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
  v128_t u2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7), u3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  *t0 = wasm_i64x2_shuffle(u0, u1, 0, 2);
  *t1 = wasm_i64x2_shuffle(u0, u1, 1, 3);
  *t2 = wasm_i64x2_shuffle(u2, u3, 0, 2);
  *t3 = wasm_i64x2_shuffle(u2, u3, 1, 3);
}

// gemm_nn_block for n < 4 (a matrix–vector product when n = 1, as the output layer of a scalar field): the sums
// of 8 rows as the lanes of two vectors (two independent chains), the rows' entries transposed into lanes, so that
// every entry is still one sum over p in order; then 4 rows, then single rows.
static void gemm_nn_narrow(const f32* A, const f32* B, f32* C, int m, int k, int n, int lda, int ldb, int ldc,
                           int acc) {
  for (int j = 0; j < n; j++) {
    int i = 0;
    for (; i + 8 <= m; i += 8) {
      const f32* a = A + i * lda;
      f32* c = C + i * ldc + j;
      v128_t s = wasm_f32x4_splat(0), u = s;
      if (acc) {
        s = wasm_f32x4_make(c[0], c[ldc], c[2 * ldc], c[3 * ldc]);
        u = wasm_f32x4_make(c[4 * ldc], c[5 * ldc], c[6 * ldc], c[7 * ldc]);
      }
      int p = 0;
      for (; p + 4 <= k; p += 4) {
        v128_t t0, t1, t2, t3, w0, w1, w2, w3;
        rows4_transposed(a, a + lda, a + 2 * lda, a + 3 * lda, p, &t0, &t1, &t2, &t3);
        rows4_transposed(a + 4 * lda, a + 5 * lda, a + 6 * lda, a + 7 * lda, p, &w0, &w1, &w2, &w3);
        const f32* bp = B + p * ldb + j;
        v128_t b0 = wasm_f32x4_splat(bp[0]), b1 = wasm_f32x4_splat(bp[ldb]);
        v128_t b2 = wasm_f32x4_splat(bp[2 * ldb]), b3 = wasm_f32x4_splat(bp[3 * ldb]);
        s = MADD(s, t0, b0);
        u = MADD(u, w0, b0);
        s = MADD(s, t1, b1);
        u = MADD(u, w1, b1);
        s = MADD(s, t2, b2);
        u = MADD(u, w2, b2);
        s = MADD(s, t3, b3);
        u = MADD(u, w3, b3);
      }
      for (; p < k; p++) {
        v128_t bv = wasm_f32x4_splat(B[p * ldb + j]);
        s = MADD(s, wasm_f32x4_make(a[p], a[lda + p], a[2 * lda + p], a[3 * lda + p]), bv);
        u = MADD(u, wasm_f32x4_make(a[4 * lda + p], a[5 * lda + p], a[6 * lda + p], a[7 * lda + p]), bv);
      }
      c[0] = wasm_f32x4_extract_lane(s, 0);
      c[ldc] = wasm_f32x4_extract_lane(s, 1);
      c[2 * ldc] = wasm_f32x4_extract_lane(s, 2);
      c[3 * ldc] = wasm_f32x4_extract_lane(s, 3);
      c[4 * ldc] = wasm_f32x4_extract_lane(u, 0);
      c[5 * ldc] = wasm_f32x4_extract_lane(u, 1);
      c[6 * ldc] = wasm_f32x4_extract_lane(u, 2);
      c[7 * ldc] = wasm_f32x4_extract_lane(u, 3);
    }
    for (; i + 4 <= m; i += 4) {
      const f32* a = A + i * lda;
      f32* c = C + i * ldc + j;
      v128_t s = acc ? wasm_f32x4_make(c[0], c[ldc], c[2 * ldc], c[3 * ldc]) : wasm_f32x4_splat(0);
      int p = 0;
      for (; p + 4 <= k; p += 4) {
        v128_t t0, t1, t2, t3;
        rows4_transposed(a, a + lda, a + 2 * lda, a + 3 * lda, p, &t0, &t1, &t2, &t3);
        const f32* bp = B + p * ldb + j;
        s = MADD(s, t0, wasm_f32x4_splat(bp[0]));
        s = MADD(s, t1, wasm_f32x4_splat(bp[ldb]));
        s = MADD(s, t2, wasm_f32x4_splat(bp[2 * ldb]));
        s = MADD(s, t3, wasm_f32x4_splat(bp[3 * ldb]));
      }
      for (; p < k; p++) {
        v128_t col = wasm_f32x4_make(a[p], a[lda + p], a[2 * lda + p], a[3 * lda + p]);
        s = MADD(s, col, wasm_f32x4_splat(B[p * ldb + j]));
      }
      c[0] = wasm_f32x4_extract_lane(s, 0);
      c[ldc] = wasm_f32x4_extract_lane(s, 1);
      c[2 * ldc] = wasm_f32x4_extract_lane(s, 2);
      c[3 * ldc] = wasm_f32x4_extract_lane(s, 3);
    }
    for (; i < m; i++) {
      const f32* a = A + i * lda;
      f32 s = acc ? C[i * ldc + j] : 0;
      for (int p = 0; p < k; p++) s += a[p] * B[p * ldb + j];
      C[i * ldc + j] = s;
    }
  }
}

// One block of C = A·B: C[m×n] (row stride ldc) = (acc ? C : 0) + A[m×k] (stride lda) · B[k×n] (stride ldb),
// in 4 × 8 register tiles (8 accumulators), then 4-wide, then the last 1–3 columns (n < 4: gemm_nn_narrow).
// Each entry is one float32 sum over p in order, continued from C when acc is set.
static void gemm_nn_block(const f32* A, const f32* B, f32* C, int m, int k, int n, int lda, int ldb, int ldc,
                          int acc) {
  if (n < 4) {
    gemm_nn_narrow(A, B, C, m, k, n, lda, ldb, ldc, acc);
    return;
  }
  int i = 0;
  for (; i + 4 <= m; i += 4) {
    const f32* a0 = A + (i + 0) * lda;
    const f32* a1 = A + (i + 1) * lda;
    const f32* a2 = A + (i + 2) * lda;
    const f32* a3 = A + (i + 3) * lda;
    int j = 0;
    for (; j + 8 <= n; j += 8) {
      f32* c = C + i * ldc + j;
      v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00;
      v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      if (acc) {
        c00 = wasm_v128_load(c), c01 = wasm_v128_load(c + 4);
        c10 = wasm_v128_load(c + ldc), c11 = wasm_v128_load(c + ldc + 4);
        c20 = wasm_v128_load(c + 2 * ldc), c21 = wasm_v128_load(c + 2 * ldc + 4);
        c30 = wasm_v128_load(c + 3 * ldc), c31 = wasm_v128_load(c + 3 * ldc + 4);
      }
      const f32* b = B + j;
      for (int p = 0; p < k; p++, b += ldb) {
        v128_t b0 = wasm_v128_load(b);
        v128_t b1 = wasm_v128_load(b + 4);
        v128_t x0 = wasm_f32x4_splat(a0[p]);
        v128_t x1 = wasm_f32x4_splat(a1[p]);
        v128_t x2 = wasm_f32x4_splat(a2[p]);
        v128_t x3 = wasm_f32x4_splat(a3[p]);
        c00 = MADD(c00, x0, b0);
        c01 = MADD(c01, x0, b1);
        c10 = MADD(c10, x1, b0);
        c11 = MADD(c11, x1, b1);
        c20 = MADD(c20, x2, b0);
        c21 = MADD(c21, x2, b1);
        c30 = MADD(c30, x3, b0);
        c31 = MADD(c31, x3, b1);
      }
      wasm_v128_store(c, c00);
      wasm_v128_store(c + 4, c01);
      wasm_v128_store(c + ldc, c10);
      wasm_v128_store(c + ldc + 4, c11);
      wasm_v128_store(c + 2 * ldc, c20);
      wasm_v128_store(c + 2 * ldc + 4, c21);
      wasm_v128_store(c + 3 * ldc, c30);
      wasm_v128_store(c + 3 * ldc + 4, c31);
    }
    for (; j + 4 <= n; j += 4) {
      f32* c = C + i * ldc + j;
      v128_t c0 = wasm_f32x4_splat(0), c1 = c0, c2 = c0, c3 = c0;
      if (acc) {
        c0 = wasm_v128_load(c);
        c1 = wasm_v128_load(c + ldc);
        c2 = wasm_v128_load(c + 2 * ldc);
        c3 = wasm_v128_load(c + 3 * ldc);
      }
      const f32* b = B + j;
      for (int p = 0; p < k; p++, b += ldb) {
        v128_t b0 = wasm_v128_load(b);
        c0 = MADD(c0, wasm_f32x4_splat(a0[p]), b0);
        c1 = MADD(c1, wasm_f32x4_splat(a1[p]), b0);
        c2 = MADD(c2, wasm_f32x4_splat(a2[p]), b0);
        c3 = MADD(c3, wasm_f32x4_splat(a3[p]), b0);
      }
      wasm_v128_store(c, c0);
      wasm_v128_store(c + ldc, c1);
      wasm_v128_store(c + 2 * ldc, c2);
      wasm_v128_store(c + 3 * ldc, c3);
    }
    if (j < n && n >= 4) {
      // The last 1–3 columns: a 4-wide tile over the last 4 columns, storing only the new lanes (the other lanes
      // repeat columns already done and are discarded), instead of scalar loops over k.
      int rem = n - j;
      f32* c = C + i * ldc + n - 4;
      v128_t c0 = wasm_f32x4_splat(0), c1 = c0, c2 = c0, c3 = c0;
      if (acc) {
        c0 = wasm_v128_load(c);
        c1 = wasm_v128_load(c + ldc);
        c2 = wasm_v128_load(c + 2 * ldc);
        c3 = wasm_v128_load(c + 3 * ldc);
      }
      const f32* b = B + n - 4;
      for (int p = 0; p < k; p++, b += ldb) {
        v128_t b0 = wasm_v128_load(b);
        c0 = MADD(c0, wasm_f32x4_splat(a0[p]), b0);
        c1 = MADD(c1, wasm_f32x4_splat(a1[p]), b0);
        c2 = MADD(c2, wasm_f32x4_splat(a2[p]), b0);
        c3 = MADD(c3, wasm_f32x4_splat(a3[p]), b0);
      }
      store_last(c, c0, rem);
      store_last(c + ldc, c1, rem);
      store_last(c + 2 * ldc, c2, rem);
      store_last(c + 3 * ldc, c3, rem);
      j = n;
    }
  }
  for (; i < m; i++) {
    const f32* a = A + i * lda;
    for (int j = 0; j < n; j++) {
      f32 s = acc ? C[i * ldc + j] : 0;
      for (int p = 0; p < k; p++) s += a[p] * B[p * ldb + j];
      C[i * ldc + j] = s;
    }
  }
}

// Panel of B (rows × columns) that one pass over the rows of A reuses from cache: KC × NC floats = 128 KiB.
#define NN_KC 256
#define NN_NC 128

// C[m×n] = A[m×k] · B[k×n], blocked over k and n so that the panel of B stays in cache for all rows of A
// (a long k or a wide n would otherwise stream B from memory once per 4 rows). The sum over p continues through
// the k blocks in order, so the blocking does not change any result.
EXPORT(gemm_nn) void gemm_nn(const f32* A, const f32* B, f32* C, int m, int k, int n) {
  if (k == 0) {
    for (int q = 0; q < m * n; q++) C[q] = 0;
    return;
  }
  for (int p0 = 0; p0 < k; p0 += NN_KC) {
    int kb = k - p0 < NN_KC ? k - p0 : NN_KC;
    for (int j0 = 0; j0 < n; j0 += NN_NC) {
      int nb = n - j0 < NN_NC ? n - j0 : NN_NC;
      gemm_nn_block(A + p0, B + p0 * n + j0, C + j0, m, kb, nb, k, n, n, p0 > 0);
    }
  }
}

#define TN_CHUNK 64

// Rows p0 ≤ p < p1 of C[k×n] = Aᵀ · B with A[m×k], B[m×n] (the weight gradient Hᵀ·dZ): 4 × 8 tiles of C
// accumulated in registers over chunks of TN_CHUNK rows of A and B (so the chunk stays in cache while every tile
// sweeps it). Threads split [0, k) at multiples of 4 so that every row sees the same tiling as a single call.
EXPORT(gemm_tn_rows) void gemm_tn_rows(const f32* A, const f32* B, f32* C, int m, int k, int n, int p0, int p1) {
  for (int q = p0 * n; q < p1 * n; q++) C[q] = 0;
  if (n == 1) {
    // Aᵀ·b (the weight gradient of a scalar output layer): C[p] += A[r][p]·b[r] row by row, 4 entries of C per
    // vector, so every entry is still one sum over r in order.
    for (int r = 0; r < m; r++) {
      const f32* a = A + r * k;
      v128_t x = wasm_f32x4_splat(B[r]);
      int p = p0;
      for (; p + 4 <= p1; p += 4) wasm_v128_store(C + p, MADD(wasm_v128_load(C + p), wasm_v128_load(a + p), x));
      for (; p < p1; p++) C[p] += a[p] * B[r];
    }
    return;
  }
  for (int r0 = 0; r0 < m; r0 += TN_CHUNK) {
    int r1 = r0 + TN_CHUNK < m ? r0 + TN_CHUNK : m;
    int p = p0;
    for (; p + 4 <= p1; p += 4) {
      int j = 0;
      for (; j + 8 <= n; j += 8) {
        f32* c = C + p * n + j;
        v128_t c00 = wasm_v128_load(c), c01 = wasm_v128_load(c + 4);
        v128_t c10 = wasm_v128_load(c + n), c11 = wasm_v128_load(c + n + 4);
        v128_t c20 = wasm_v128_load(c + 2 * n), c21 = wasm_v128_load(c + 2 * n + 4);
        v128_t c30 = wasm_v128_load(c + 3 * n), c31 = wasm_v128_load(c + 3 * n + 4);
        for (int r = r0; r < r1; r++) {
          const f32* a = A + r * k + p;
          const f32* b = B + r * n + j;
          v128_t b0 = wasm_v128_load(b);
          v128_t b1 = wasm_v128_load(b + 4);
          v128_t x0 = wasm_f32x4_splat(a[0]);
          v128_t x1 = wasm_f32x4_splat(a[1]);
          v128_t x2 = wasm_f32x4_splat(a[2]);
          v128_t x3 = wasm_f32x4_splat(a[3]);
          c00 = MADD(c00, x0, b0);
          c01 = MADD(c01, x0, b1);
          c10 = MADD(c10, x1, b0);
          c11 = MADD(c11, x1, b1);
          c20 = MADD(c20, x2, b0);
          c21 = MADD(c21, x2, b1);
          c30 = MADD(c30, x3, b0);
          c31 = MADD(c31, x3, b1);
        }
        wasm_v128_store(c, c00);
        wasm_v128_store(c + 4, c01);
        wasm_v128_store(c + n, c10);
        wasm_v128_store(c + n + 4, c11);
        wasm_v128_store(c + 2 * n, c20);
        wasm_v128_store(c + 2 * n + 4, c21);
        wasm_v128_store(c + 3 * n, c30);
        wasm_v128_store(c + 3 * n + 4, c31);
      }
      for (; j + 4 <= n; j += 4) {
        f32* c = C + p * n + j;
        v128_t c0 = wasm_v128_load(c), c1 = wasm_v128_load(c + n);
        v128_t c2 = wasm_v128_load(c + 2 * n), c3 = wasm_v128_load(c + 3 * n);
        for (int r = r0; r < r1; r++) {
          const f32* a = A + r * k + p;
          v128_t b0 = wasm_v128_load(B + r * n + j);
          c0 = MADD(c0, wasm_f32x4_splat(a[0]), b0);
          c1 = MADD(c1, wasm_f32x4_splat(a[1]), b0);
          c2 = MADD(c2, wasm_f32x4_splat(a[2]), b0);
          c3 = MADD(c3, wasm_f32x4_splat(a[3]), b0);
        }
        wasm_v128_store(c, c0);
        wasm_v128_store(c + n, c1);
        wasm_v128_store(c + 2 * n, c2);
        wasm_v128_store(c + 3 * n, c3);
      }
      if (j < n && n >= 4) {
        // The last 1–3 columns, as in gemm_nn_block: a tile over the last 4 columns storing only the new lanes.
        int rem = n - j;
        f32* c = C + p * n + n - 4;
        v128_t c0 = wasm_v128_load(c), c1 = wasm_v128_load(c + n);
        v128_t c2 = wasm_v128_load(c + 2 * n), c3 = wasm_v128_load(c + 3 * n);
        for (int r = r0; r < r1; r++) {
          const f32* a = A + r * k + p;
          v128_t b0 = wasm_v128_load(B + r * n + n - 4);
          c0 = MADD(c0, wasm_f32x4_splat(a[0]), b0);
          c1 = MADD(c1, wasm_f32x4_splat(a[1]), b0);
          c2 = MADD(c2, wasm_f32x4_splat(a[2]), b0);
          c3 = MADD(c3, wasm_f32x4_splat(a[3]), b0);
        }
        store_last(c, c0, rem);
        store_last(c + n, c1, rem);
        store_last(c + 2 * n, c2, rem);
        store_last(c + 3 * n, c3, rem);
        j = n;
      }
      for (; j < n; j++)
        for (int pp = p; pp < p + 4; pp++) {
          f32 s = C[pp * n + j];
          for (int r = r0; r < r1; r++) s += A[r * k + pp] * B[r * n + j];
          C[pp * n + j] = s;
        }
    }
    // The last 1–3 rows of C: one row at a time, 8 and 4 columns wide, then the column tail.
    for (; p < p1; p++) {
      int j = 0;
      for (; j + 8 <= n; j += 8) {
        f32* c = C + p * n + j;
        v128_t c0 = wasm_v128_load(c), c1 = wasm_v128_load(c + 4);
        for (int r = r0; r < r1; r++) {
          v128_t x = wasm_f32x4_splat(A[r * k + p]);
          c0 = MADD(c0, x, wasm_v128_load(B + r * n + j));
          c1 = MADD(c1, x, wasm_v128_load(B + r * n + j + 4));
        }
        wasm_v128_store(c, c0);
        wasm_v128_store(c + 4, c1);
      }
      for (; j + 4 <= n; j += 4) {
        f32* c = C + p * n + j;
        v128_t c0 = wasm_v128_load(c);
        for (int r = r0; r < r1; r++) c0 = MADD(c0, wasm_f32x4_splat(A[r * k + p]), wasm_v128_load(B + r * n + j));
        wasm_v128_store(c, c0);
      }
      if (j < n && n >= 4) {
        int rem = n - j;
        f32* c = C + p * n + n - 4;
        v128_t c0 = wasm_v128_load(c);
        for (int r = r0; r < r1; r++)
          c0 = MADD(c0, wasm_f32x4_splat(A[r * k + p]), wasm_v128_load(B + r * n + n - 4));
        store_last(c, c0, rem);
        j = n;
      }
      for (; j < n; j++) {
        f32 s = C[p * n + j];
        for (int r = r0; r < r1; r++) s += A[r * k + p] * B[r * n + j];
        C[p * n + j] = s;
      }
    }
  }
}

// C[k×n] = Aᵀ · B (all rows of gemm_tn_rows).
EXPORT(gemm_tn) void gemm_tn(const f32* A, const f32* B, f32* C, int m, int k, int n) {
  gemm_tn_rows(A, B, C, m, k, n, 0, k);
}

// A general transpose, planned by register-wasm-kernels.ts: up to four outer axes (sizes n0…n3, source strides
// s0…s3, destination strides d0…d3, in elements) around either a 2-D transpose (rows × cols, the source rows
// contiguous with stride srs, the destination rows contiguous with stride drs) when copy = 0, or a contiguous run
// of `cols` elements copied as is when copy ≠ 0.
EXPORT(transpose_nd)
void transpose_nd(const f32* src, f32* dst, int rows, int cols, int srs, int drs, int copy, int n0, int s0, int d0,
                  int n1, int s1, int d1, int n2, int s2, int d2, int n3, int s3, int d3) {
  for (int i0 = 0; i0 < n0; i0++)
    for (int i1 = 0; i1 < n1; i1++)
      for (int i2 = 0; i2 < n2; i2++)
        for (int i3 = 0; i3 < n3; i3++) {
          const f32* s = src + i0 * s0 + i1 * s1 + i2 * s2 + i3 * s3;
          f32* d = dst + i0 * d0 + i1 * d1 + i2 * d2 + i3 * d3;
          if (copy) {
            int j = 0;
            for (; j + 4 <= cols; j += 4) wasm_v128_store(d + j, wasm_v128_load(s + j));
            for (; j < cols; j++) d[j] = s[j];
          } else
            transpose_2d(s, d, rows, cols, srs, drs);
        }
}

#define GELU_C 0.7978845608028654  // √(2/π), as Math.sqrt(2 / Math.PI)
#define GELU_A 0.044715
// The gelu kernels compute in float32 (every constant rounded to float32 once, every operation rounded), mirrored
// operation by operation by the JavaScript loops of mlp-jet.ts (Math.fround after each operation).
#define GELU_CF ((f32)GELU_C)
#define GELU_AF ((f32)GELU_A)
#define GELU_3AF ((f32)(3 * GELU_A))
// |z + b| ≤ GELU_POLY_X (in float32) keeps the tanh argument c·(x + a·x³) at most 6.85, inside the clamp 7.905.
#define GELU_POLY_X 4.5f
#define ADDF wasm_f32x4_add
#define SUBF wasm_f32x4_sub
#define MULF wasm_f32x4_mul

// The tanh argument c·(x + ((a·x)·x)·x), four lanes and one.
static inline v128_t gelu_u4(v128_t x) { return MULF(FS(GELU_CF), ADDF(x, MULF(MULF(MULF(FS(GELU_AF), x), x), x))); }
static inline f32 gelu_u(f32 x) { return GELU_CF * (x + ((GELU_AF * x) * x) * x); }

// One element of gelu_fwd (its scalar tail, and the fix-up of lanes whose tanh argument is beyond the clamp).
__attribute__((noinline)) static f32 gelu_fwd_elem(f32 zv, f32 bv) {
  f32 x = zv + bv;
  return (0.5f * x) * (1.0f + tanh_scalar(gelu_u(x)));
}

// gelu (tanh approximation) forward on rows × m: out = (0.5·x)·(1 + tanh(c·(x + ((a·x)·x)·x))), x = z + b[j].
EXPORT(gelu_fwd) void gelu_fwd(const f32* z, const f32* b, f32* out, int rows, int m) {
  for (int r = 0; r < rows; r++) {
    int o = r * m;
    int j = 0;
    v128_t big = wasm_i32x4_splat(0);
    for (; j + 4 <= m; j += 4) {
      v128_t x = ADDF(wasm_v128_load(z + o + j), wasm_v128_load(b + j));
      v128_t t = tanh4_poly(gelu_u4(x), &big);
      wasm_v128_store(out + o + j, MULF(MULF(FS(0.5f), x), ADDF(FS(1.0f), t)));
    }
    for (int q = j; q < m; q++) out[o + q] = gelu_fwd_elem(z[o + q], b[q]);
    // The lanes whose tanh argument is beyond the clamp, with the exp branch: the lanes with |x| > GELU_POLY_X
    // (which holds them all, see gelu_bwd) are recomputed by the exact scalar path.
    if (wasm_v128_any_true(big))
      for (int q = 0; q < j; q += 4) {
        v128_t x = wasm_f32x4_add(wasm_v128_load(z + o + q), wasm_v128_load(b + q));
        if (any_abs_gt(x, GELU_POLY_X))
          for (int l = q; l < q + 4; l++) out[o + l] = gelu_fwd_elem(z[o + l], b[l]);
      }
  }
}

// gelu backward: dz = g·((0.5·(1 + t)) + ((0.5·x)·(1 − t·t))·du), du = c·(1 + ((3a)·x)·x), in float32, and the
// bias gradient accumulated in float64 from the rounded dz (acc: m float64 of scratch, rounded into db). One row;
// `exact` = 0 evaluates tanh by its rational part alone, which the caller allows only when no tanh argument of the
// row is beyond the clamp (so the result is the same), keeping the exp call out of that loop (see tanh4_poly).
static inline void gelu_bwd_row(const f32* g, const f32* z, const f32* b, f32* dz, f64* acc, int o, int m, int exact) {
  int j = 0;
  for (; j + 4 <= m; j += 4) {
    v128_t x = ADDF(wasm_v128_load(z + o + j), wasm_v128_load(b + j));
    v128_t unused = wasm_i32x4_splat(0);
    v128_t t = exact ? tanh4(gelu_u4(x)) : tanh4_poly(gelu_u4(x), &unused);
    v128_t du = MULF(FS(GELU_CF), ADDF(FS(1.0f), MULF(MULF(FS(GELU_3AF), x), x)));
    v128_t d = ADDF(MULF(FS(0.5f), ADDF(FS(1.0f), t)), MULF(MULF(MULF(FS(0.5f), x), SUBF(FS(1.0f), MULF(t, t))), du));
    v128_t v = MULF(wasm_v128_load(g + o + j), d);
    wasm_v128_store(dz + o + j, v);
    wasm_v128_store(acc + j, ADD(wasm_v128_load(acc + j), lo2(v)));
    wasm_v128_store(acc + j + 2, ADD(wasm_v128_load(acc + j + 2), hi2(v)));
  }
  for (; j < m; j++) {
    f32 x = z[o + j] + b[j];
    f32 t = tanh_scalar(gelu_u(x));
    f32 du = GELU_CF * (1.0f + (GELU_3AF * x) * x);
    f32 v = g[o + j] * ((0.5f * (1.0f + t)) + ((0.5f * x) * (1.0f - t * t)) * du);
    dz[o + j] = v;
    acc[j] += (f64)v;
  }
}

__attribute__((noinline)) static void gelu_bwd_row_exact(const f32* g, const f32* z, const f32* b, f32* dz, f64* acc,
                                                         int o, int m) {
  gelu_bwd_row(g, z, b, dz, acc, o, m, 1);
}

EXPORT(gelu_bwd) void gelu_bwd(const f32* g, const f32* z, const f32* b, f32* dz, f64* acc, f32* db, int rows, int m) {
  for (int j = 0; j < m; j++) acc[j] = 0;
  for (int r = 0; r < rows; r++) {
    int o = r * m;
    // Rows with every |x| ≤ GELU_POLY_X (checked in a short pass; NaN counts as large) take the loop without
    // the exp call; the others the exact loop. Both give the same result on such rows.
    v128_t far = wasm_i32x4_splat(0);
    int j = 0;
    for (; j + 4 <= m; j += 4) {
      v128_t x = wasm_f32x4_add(wasm_v128_load(z + o + j), wasm_v128_load(b + j));
      far = wasm_v128_or(far, wasm_v128_not(wasm_f32x4_le(wasm_f32x4_abs(x), FS(GELU_POLY_X))));
    }
    if (wasm_v128_any_true(far))
      gelu_bwd_row_exact(g, z, b, dz, acc, o, m);
    else
      gelu_bwd_row(g, z, b, dz, acc, o, m, 0);
  }
  for (int j = 0; j < m; j++) db[j] = (f32)acc[j];
}

// sin and cos in float64, mirrored operation by operation by fastSin/fastCos of fast-math.ts: x = k·(π/2) + r with
// k = floor(x·2/π + 0.5) and r by a three-part Cody–Waite reduction (exact for |k| < 2²⁰, i.e. |x| < 1.6e6),
// then Taylor polynomials on |r| ≤ π/4 (truncation below 2e-14, far under float32 rounding).
#define TWO_OVER_PI 0.6366197723675814
#define PIO2_1 1.5707963267341256
#define PIO2_2 6.077100506506192e-11
#define PIO2_3 2.0222662487959506e-21

static inline v128_t sin_poly(v128_t r, v128_t r2) {
  v128_t p = SPLAT(1.0 / 6227020800.0);
  p = SUB(MUL(p, r2), SPLAT(1.0 / 39916800.0));
  p = ADD(MUL(p, r2), SPLAT(1.0 / 362880.0));
  p = SUB(MUL(p, r2), SPLAT(1.0 / 5040.0));
  p = ADD(MUL(p, r2), SPLAT(1.0 / 120.0));
  p = SUB(MUL(p, r2), SPLAT(1.0 / 6.0));
  return ADD(r, MUL(MUL(r, r2), p));
}

static inline v128_t cos_poly(v128_t r2) {
  v128_t p = SPLAT(1.0 / 87178291200.0);
  p = SUB(MUL(p, r2), SPLAT(1.0 / 479001600.0));
  p = ADD(MUL(p, r2), SPLAT(1.0 / 3628800.0));
  p = SUB(MUL(p, r2), SPLAT(1.0 / 40320.0));
  p = ADD(MUL(p, r2), SPLAT(1.0 / 720.0));
  p = SUB(MUL(p, r2), SPLAT(1.0 / 24.0));
  p = ADD(MUL(p, r2), SPLAT(0.5));
  return SUB(SPLAT(1), MUL(r2, p));
}

// Two lanes of (sin x, cos x).
static inline void sincos2(v128_t x, v128_t* s, v128_t* c) {
  v128_t k = wasm_f64x2_floor(ADD(MUL(x, SPLAT(TWO_OVER_PI)), SPLAT(0.5)));
  v128_t r = SUB(SUB(SUB(x, MUL(k, SPLAT(PIO2_1))), MUL(k, SPLAT(PIO2_2))), MUL(k, SPLAT(PIO2_3)));
  v128_t r2 = MUL(r, r);
  v128_t sr = sin_poly(r, r2);
  v128_t cr = cos_poly(r2);
  v128_t q = SUB(k, MUL(SPLAT(4), wasm_f64x2_floor(MUL(k, SPLAT(0.25)))));  // k mod 4 in {0, 1, 2, 3}
  v128_t odd = wasm_f64x2_eq(wasm_f64x2_sub(q, MUL(SPLAT(2), wasm_f64x2_floor(MUL(q, SPLAT(0.5))))), SPLAT(1));
  v128_t sinNeg = wasm_f64x2_ge(q, SPLAT(2));                                        // q = 2, 3: sin negated
  v128_t cosNeg = wasm_v128_or(wasm_f64x2_eq(q, SPLAT(1)), wasm_f64x2_eq(q, SPLAT(2)));  // q = 1, 2: cos negated
  v128_t sv = wasm_v128_bitselect(cr, sr, odd);
  v128_t cv = wasm_v128_bitselect(sr, cr, odd);
  *s = wasm_v128_bitselect(wasm_f64x2_neg(sv), sv, sinNeg);
  *c = wasm_v128_bitselect(wasm_f64x2_neg(cv), cv, cosNeg);
}

// Forward primal block of a sin layer: y = sin(z + b[j]), s1 = cos(z + b[j]), and when s2 ≠ 0, s2 = −sin(z + b[j]).
EXPORT(sin_fwd_primal)
void sin_fwd_primal(const f32* z, const f32* b, f32* y, f32* s1, f32* s2, int rows, int m) {
  for (int r = 0; r < rows; r++) {
    int o = r * m;
    int j = 0;
    for (; j + 2 <= m; j += 2) {
      v128_t s, c;
      sincos2(ADD(load2(z + o + j), load2(b + j)), &s, &c);
      store2(y + o + j, s);
      store2(s1 + o + j, c);
      if (s2) store2(s2 + o + j, wasm_f64x2_neg(s));
    }
    for (; j < m; j++) {
      v128_t s, c;
      sincos2(wasm_f64x2_splat((f64)z[o + j] + (f64)b[j]), &s, &c);
      y[o + j] = (f32)wasm_f64x2_extract_lane(s, 0);
      s1[o + j] = (f32)wasm_f64x2_extract_lane(c, 0);
      if (s2) s2[o + j] = (f32)-wasm_f64x2_extract_lane(s, 0);
    }
  }
}

// Backward primal block of a sin layer: s1 = cos x, dz = g·cos x, and when given s2 = −sin x, s3 = −cos x
// (x = z + b[j], cos and sin in float64 as in activateBackward).
EXPORT(sin_bwd_primal)
void sin_bwd_primal(const f32* g, const f32* z, const f32* b, f32* dz, f32* s1, f32* s2, f32* s3, int rows, int m) {
  for (int r = 0; r < rows; r++) {
    int o = r * m;
    int j = 0;
    for (; j + 2 <= m; j += 2) {
      v128_t s, c;
      sincos2(ADD(load2(z + o + j), load2(b + j)), &s, &c);
      store2(s1 + o + j, c);
      store2(dz + o + j, MUL(load2(g + o + j), c));
      if (s2) store2(s2 + o + j, wasm_f64x2_neg(s));
      if (s3) store2(s3 + o + j, wasm_f64x2_neg(c));
    }
    for (; j < m; j++) {
      v128_t s, c;
      sincos2(wasm_f64x2_splat((f64)z[o + j] + (f64)b[j]), &s, &c);
      f64 cs = wasm_f64x2_extract_lane(c, 0);
      f64 sn = wasm_f64x2_extract_lane(s, 0);
      s1[o + j] = (f32)cs;
      dz[o + j] = (f32)((f64)g[o + j] * cs);
      if (s2) s2[o + j] = (f32)-sn;
      if (s3) s3[o + j] = (f32)-cs;
    }
  }
}
