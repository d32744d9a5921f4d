;; Inner loops of conjugate gradients on a CSR matrix for @continuum/core-tensor/linalg (WebAssembly 2.0 with
;; fixed-width SIMD). Compiled to `cg-kernel-wasm.ts` by `gen-kernels.mjs` (wabt's wat2wasm).
;; Each function performs the same IEEE operations in the same order as the JavaScript loops in `cg.ts`
;; (sums accumulated left to right from 0, no fused multiply-add), so iterates are bitwise identical.
;; All pointers are byte offsets into the module's memory, laid out by `cg-kernel.ts`.
(module
  (memory (export "memory") 1)

  ;; q = A p for CSR A (rowPtr i32[n+1], colIndices i32[nnz], values f64[nnz]); returns p . q
  (func (export "matvecDot") (param $n i32) (param $rp i32) (param $ci i32) (param $va i32) (param $p i32)
    (param $q i32) (result f64)
    (local $i i32) (local $k i32) (local $k1 i32) (local $s f64) (local $pq f64)
    (local.set $k (i32.load (local.get $rp)))
    (block $bi (loop $li
      (br_if $bi (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $rp (i32.add (local.get $rp) (i32.const 4)))
      (local.set $k1 (i32.load (local.get $rp)))
      (local.set $s (f64.const 0))
      (block $bk (loop $lk
        (br_if $bk (i32.ge_s (local.get $k) (local.get $k1)))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $va) (i32.shl (local.get $k) (i32.const 3))))
            (f64.load (i32.add (local.get $p)
              (i32.shl (i32.load (i32.add (local.get $ci) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $lk)))
      (f64.store (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 3))) (local.get $s))
      (local.set $pq (f64.add (local.get $pq)
        (f64.mul (f64.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3)))) (local.get $s))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $li)))
    (local.get $pq))

  ;; x += alpha p; r -= alpha q; returns r . r (accumulated in index order)
  (func (export "updateSolution") (param $n i32) (param $x i32) (param $r i32) (param $p i32) (param $q i32)
    (param $alpha f64) (result f64)
    (local $end i32) (local $ri f64) (local $rr f64)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (block $b (loop $l
      (br_if $b (i32.ge_u (local.get $x) (local.get $end)))
      (f64.store (local.get $x)
        (f64.add (f64.load (local.get $x)) (f64.mul (local.get $alpha) (f64.load (local.get $p)))))
      (local.set $ri (f64.sub (f64.load (local.get $r)) (f64.mul (local.get $alpha) (f64.load (local.get $q)))))
      (f64.store (local.get $r) (local.get $ri))
      (local.set $rr (f64.add (local.get $rr) (f64.mul (local.get $ri) (local.get $ri))))
      (local.set $x (i32.add (local.get $x) (i32.const 8)))
      (local.set $r (i32.add (local.get $r) (i32.const 8)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (local.set $q (i32.add (local.get $q) (i32.const 8)))
      (br $l)))
    (local.get $rr))

  ;; p = z + beta p (elementwise, two lanes at a time)
  (func (export "updateDirection") (param $n i32) (param $p i32) (param $z i32) (param $beta f64)
    (local $end i32) (local $bv v128)
    (local.set $bv (f64x2.splat (local.get $beta)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $b (loop $l
      (br_if $b (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
      (v128.store (local.get $p)
        (f64x2.add (v128.load (local.get $z)) (f64x2.mul (local.get $bv) (v128.load (local.get $p)))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $z (i32.add (local.get $z) (i32.const 16)))
      (br $l)))
    (if (i32.lt_u (local.get $p) (local.get $end)) (then
      (f64.store (local.get $p)
        (f64.add (f64.load (local.get $z)) (f64.mul (local.get $beta) (f64.load (local.get $p))))))))
)
