;; Dense LU with partial pivoting for @continuum/core-tensor/linalg (WebAssembly 2.0 with fixed-width SIMD).
;; Compiled to `lu-kernel-wasm.ts` by `gen-kernels.mjs` (wabt's wat2wasm); see that script.
;;
;; Blocked right-looking LU (LAPACK dgetrf layout, row-major): for each block of `nb` columns,
;;   1. panel: unblocked partial-pivoting LU of columns kb..ke-1 (whole rows are swapped),
;;   2. triangular solve U12 = L11^-1 A12 on rows kb+1..ke-1,
;;   3. update A22 -= L21 * U12 with a 4x4 register-blocked f64x2 micro-kernel.
;; Every entry receives exactly the same sequence of IEEE operations as the unblocked JS kernel in
;; `lu-kernel.ts` (a[i][j] -= l[i][p] * u[p][j] for p ascending, l = a[i][k] * (1 / pivot); no fused
;; multiply-add), so both produce bitwise-identical factors and pivots.
;;
;; Memory: the n*n matrix at byte 0, the i32 permutation at n*n*8, the i32 swap count after it, then (16-byte
;; aligned) n f64 column sums used by norm1.
;; lu(n, nb) returns -1, or the 0-based index of the first exactly-zero pivot (the caller then redoes the
;; factorisation in JS, which continues past zero pivots like LAPACK).
(module
  (memory (export "memory") 1)
  ;; lu(n, nb) -> first zero pivot (0-based) or -1. Matrix row-major f64 at byte 0, perm i32 at n*n*8,
  ;; swap count i32 right after perm.
  (func (export "lu") (param $n i32) (param $nb i32) (result i32)
    (local $rb i32) (local $permOff i32) (local $swaps i32)
    (local $kb i32) (local $ke i32) (local $k i32) (local $i i32) (local $j i32) (local $p i32)
    (local $pmax f64) (local $v f64) (local $inv f64) (local $l f64) (local $t f64)
    (local $ak i32) (local $ai i32) (local $ap i32) (local $end i32) (local $ti i32) (local $tv v128)
    (local.set $rb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $permOff (i32.mul (local.get $rb) (local.get $n)))
    ;; perm[i] = i
    (local.set $i (i32.const 0))
    (block $b0 (loop $l0
      (br_if $b0 (i32.ge_s (local.get $i) (local.get $n)))
      (i32.store (i32.add (local.get $permOff) (i32.shl (local.get $i) (i32.const 2))) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l0)))
    (local.set $kb (i32.const 0))
    (block $bk (loop $lk
      (br_if $bk (i32.ge_s (local.get $kb) (local.get $n)))
      (local.set $ke (i32.add (local.get $kb) (local.get $nb)))
      (if (i32.gt_s (local.get $ke) (local.get $n)) (then (local.set $ke (local.get $n))))
      ;; ---- panel: columns kb..ke-1
      (local.set $k (local.get $kb))
      (block $bp (loop $lp
        (br_if $bp (i32.ge_s (local.get $k) (local.get $ke)))
        ;; pivot search in column k
        (local.set $p (local.get $k))
        (local.set $ak (i32.mul (local.get $k) (i32.add (local.get $rb) (i32.const 8)))) ;; &w[k][k]
        (local.set $pmax (f64.abs (f64.load (local.get $ak))))
        (local.set $i (i32.add (local.get $k) (i32.const 1)))
        (local.set $ai (i32.add (local.get $ak) (local.get $rb)))
        (block $bs (loop $ls
          (br_if $bs (i32.ge_s (local.get $i) (local.get $n)))
          (local.set $v (f64.abs (f64.load (local.get $ai))))
          (if (f64.gt (local.get $v) (local.get $pmax))
            (then (local.set $pmax (local.get $v)) (local.set $p (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $ai (i32.add (local.get $ai) (local.get $rb)))
          (br $ls)))
        ;; swap rows k and p (whole rows)
        (if (i32.ne (local.get $p) (local.get $k)) (then
          (local.set $ak (i32.mul (local.get $k) (local.get $rb)))
          (local.set $ap (i32.mul (local.get $p) (local.get $rb)))
          (local.set $end (i32.add (local.get $ak) (local.get $rb)))
          (block $bw (loop $lw
            (br_if $bw (i32.ge_u (i32.add (local.get $ak) (i32.const 8)) (local.get $end)))
            (local.set $tv (v128.load (local.get $ak)))
            (v128.store (local.get $ak) (v128.load (local.get $ap)))
            (v128.store (local.get $ap) (local.get $tv))
            (local.set $ak (i32.add (local.get $ak) (i32.const 16)))
            (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
            (br $lw)))
          (if (i32.lt_u (local.get $ak) (local.get $end)) (then
            (local.set $t (f64.load (local.get $ak)))
            (f64.store (local.get $ak) (f64.load (local.get $ap)))
            (f64.store (local.get $ap) (local.get $t))))
          (local.set $ai (i32.add (local.get $permOff) (i32.shl (local.get $k) (i32.const 2))))
          (local.set $ap (i32.add (local.get $permOff) (i32.shl (local.get $p) (i32.const 2))))
          (local.set $j (i32.load (local.get $ai)))
          (i32.store (local.get $ai) (i32.load (local.get $ap)))
          (i32.store (local.get $ap) (local.get $j))
          (local.set $swaps (i32.add (local.get $swaps) (i32.const 1)))))
        (local.set $ak (i32.mul (local.get $k) (i32.add (local.get $rb) (i32.const 8)))) ;; &w[k][k]
        (local.set $v (f64.load (local.get $ak)))
        (if (f64.eq (local.get $v) (f64.const 0)) (then
          (i32.store (i32.add (local.get $permOff) (i32.shl (local.get $n) (i32.const 2))) (local.get $swaps))
          (return (local.get $k))))
        (local.set $inv (f64.div (f64.const 1) (local.get $v)))
        ;; rows i > k: l = w[i][k]*inv; w[i][k] = l; w[i][k+1..ke-1] -= l*w[k][k+1..ke-1]
        (local.set $i (i32.add (local.get $k) (i32.const 1)))
        (local.set $ai (i32.add (local.get $ak) (local.get $rb)))
        (block $br (loop $lr
          (br_if $br (i32.ge_s (local.get $i) (local.get $n)))
          (local.set $l (f64.mul (f64.load (local.get $ai)) (local.get $inv)))
          (f64.store (local.get $ai) (local.get $l))
          (local.set $j (i32.add (local.get $k) (i32.const 1)))
          (local.set $ti (i32.add (local.get $ai) (i32.const 8)))
          (local.set $ap (i32.add (local.get $ak) (i32.const 8)))
          (block $bj (loop $lj
            (br_if $bj (i32.ge_s (local.get $j) (local.get $ke)))
            (f64.store (local.get $ti)
              (f64.sub (f64.load (local.get $ti)) (f64.mul (local.get $l) (f64.load (local.get $ap)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (local.set $ti (i32.add (local.get $ti) (i32.const 8)))
            (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
            (br $lj)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $ai (i32.add (local.get $ai) (local.get $rb)))
          (br $lr)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $lp)))
      (br_if $bk (i32.ge_s (local.get $ke) (local.get $n)))
      ;; ---- triangular solve: rows kb+1..ke-1, columns ke..n-1
      (local.set $k (i32.add (local.get $kb) (i32.const 1)))
      (block $bt (loop $lt
        (br_if $bt (i32.ge_s (local.get $k) (local.get $ke)))
        (local.set $p (local.get $kb))
        (block $bq (loop $lq
          (br_if $bq (i32.ge_s (local.get $p) (local.get $k)))
          (local.set $l (f64.load (i32.shl (i32.add (i32.mul (local.get $k) (local.get $n)) (local.get $p)) (i32.const 3))))
          (call $axpy (local.get $l)
            (i32.shl (i32.add (i32.mul (local.get $k) (local.get $n)) (local.get $ke)) (i32.const 3))
            (i32.shl (i32.add (i32.mul (local.get $p) (local.get $n)) (local.get $ke)) (i32.const 3))
            (i32.sub (local.get $n) (local.get $ke)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $lq)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $lt)))
      (call $gemm (local.get $n) (local.get $kb) (local.get $ke))
      (local.set $kb (local.get $ke))
      (br $lk)))
    (i32.store (i32.add (local.get $permOff) (i32.shl (local.get $n) (i32.const 2))) (local.get $swaps))
    (i32.const -1))

  ;; norm1(n) -> max_j sum_i |a[i][j]| of the matrix at byte 0 (column sums accumulated row by row, i ascending,
  ;; as the JS code), plus 0*sum_j colsum_j so that any NaN/Infinity entry makes the result non-finite.
  ;; Column sums live in scratch after the permutation and swap count.
  (func (export "norm1") (param $n i32) (result f64)
    (local $cs i32) (local $end i32) (local $r i32) (local $c i32) (local $i i32)
    (local $m f64) (local $v f64) (local $acc f64)
    (local.set $cs (i32.and (i32.add (i32.add (i32.mul (i32.shl (local.get $n) (i32.const 3)) (local.get $n))
      (i32.shl (local.get $n) (i32.const 2))) (i32.const 19)) (i32.const -16)))
    (local.set $end (i32.add (local.get $cs) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $c (local.get $cs))
    (block $bz (loop $lz
      (br_if $bz (i32.ge_u (local.get $c) (local.get $end)))
      (f64.store (local.get $c) (f64.const 0))
      (local.set $c (i32.add (local.get $c) (i32.const 8)))
      (br $lz)))
    (local.set $r (i32.const 0))
    (local.set $i (i32.const 0))
    (block $bi (loop $li
      (br_if $bi (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $c (local.get $cs))
      (block $bj (loop $lj
        (br_if $bj (i32.gt_u (i32.add (local.get $c) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (f64x2.abs (v128.load (local.get $r)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (br $lj)))
      (if (i32.lt_u (local.get $c) (local.get $end)) (then
        (f64.store (local.get $c) (f64.add (f64.load (local.get $c)) (f64.abs (f64.load (local.get $r)))))
        (local.set $r (i32.add (local.get $r) (i32.const 8)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $li)))
    (local.set $c (local.get $cs))
    (block $bm (loop $lm
      (br_if $bm (i32.ge_u (local.get $c) (local.get $end)))
      (local.set $v (f64.load (local.get $c)))
      (if (f64.gt (local.get $v) (local.get $m)) (then (local.set $m (local.get $v))))
      (local.set $acc (f64.add (local.get $acc) (f64.mul (local.get $v) (f64.const 0))))
      (local.set $c (i32.add (local.get $c) (i32.const 8)))
      (br $lm)))
    (f64.add (local.get $m) (local.get $acc)))

  ;; y[0..m) -= l * x[0..m)   (byte addresses)
  (func $axpy (param $l f64) (param $y i32) (param $x i32) (param $m i32)
    (local $ls v128) (local $end i32)
    (local.set $ls (f64x2.splat (local.get $l)))
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $m) (i32.const 3))))
    (block $b (loop $lp
      (br_if $b (i32.gt_u (i32.add (local.get $y) (i32.const 16)) (local.get $end)))
      (v128.store (local.get $y)
        (f64x2.sub (v128.load (local.get $y)) (f64x2.mul (local.get $ls) (v128.load (local.get $x)))))
      (local.set $y (i32.add (local.get $y) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (br $lp)))
    (if (i32.lt_u (local.get $y) (local.get $end)) (then
      (f64.store (local.get $y)
        (f64.sub (f64.load (local.get $y)) (f64.mul (local.get $l) (f64.load (local.get $x))))))))

  ;; w[ke.., ke..] -= w[ke.., kb..ke) * w[kb..ke, ke..], p ascending per entry
  (func $gemm (param $n i32) (param $kb i32) (param $ke i32)
    (local $rb i32) (local $rb2 i32) (local $rb3 i32)
    (local $i i32) (local $j i32) (local $c i32) (local $a i32) (local $b i32) (local $aend i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $bs f64)
    (local.set $rb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $rb2 (i32.shl (local.get $rb) (i32.const 1)))
    (local.set $rb3 (i32.add (local.get $rb2) (local.get $rb)))
    (local.set $i (local.get $ke))
    (block $bi (loop $li
      (br_if $bi (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
      (local.set $j (local.get $ke))
      (block $bj (loop $lj
        (br_if $bj (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (local.set $c (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3)))
        (local.set $c00 (v128.load (local.get $c)))
        (local.set $c01 (v128.load offset=16 (local.get $c)))
        (local.set $c (i32.add (local.get $c) (local.get $rb)))
        (local.set $c10 (v128.load (local.get $c)))
        (local.set $c11 (v128.load offset=16 (local.get $c)))
        (local.set $c (i32.add (local.get $c) (local.get $rb)))
        (local.set $c20 (v128.load (local.get $c)))
        (local.set $c21 (v128.load offset=16 (local.get $c)))
        (local.set $c (i32.add (local.get $c) (local.get $rb)))
        (local.set $c30 (v128.load (local.get $c)))
        (local.set $c31 (v128.load offset=16 (local.get $c)))
        (local.set $a (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $kb)) (i32.const 3)))
        (local.set $aend (i32.add (local.get $a) (i32.shl (i32.sub (local.get $ke) (local.get $kb)) (i32.const 3))))
        (local.set $b (i32.shl (i32.add (i32.mul (local.get $kb) (local.get $n)) (local.get $j)) (i32.const 3)))
        (block $bp (loop $lp
          (br_if $bp (i32.ge_u (local.get $a) (local.get $aend)))
          (local.set $b0 (v128.load (local.get $b)))
          (local.set $b1 (v128.load offset=16 (local.get $b)))
          (local.set $x (v128.load64_splat (local.get $a)))
          (local.set $c00 (f64x2.sub (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f64x2.sub (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load64_splat (i32.add (local.get $a) (local.get $rb))))
          (local.set $c10 (f64x2.sub (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f64x2.sub (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load64_splat (i32.add (local.get $a) (local.get $rb2))))
          (local.set $c20 (f64x2.sub (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f64x2.sub (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load64_splat (i32.add (local.get $a) (local.get $rb3))))
          (local.set $c30 (f64x2.sub (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f64x2.sub (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
          (local.set $a (i32.add (local.get $a) (i32.const 8)))
          (local.set $b (i32.add (local.get $b) (local.get $rb)))
          (br $lp)))
        (local.set $c (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3)))
        (v128.store (local.get $c) (local.get $c00))
        (v128.store offset=16 (local.get $c) (local.get $c01))
        (local.set $c (i32.add (local.get $c) (local.get $rb)))
        (v128.store (local.get $c) (local.get $c10))
        (v128.store offset=16 (local.get $c) (local.get $c11))
        (local.set $c (i32.add (local.get $c) (local.get $rb)))
        (v128.store (local.get $c) (local.get $c20))
        (v128.store offset=16 (local.get $c) (local.get $c21))
        (local.set $c (i32.add (local.get $c) (local.get $rb)))
        (v128.store (local.get $c) (local.get $c30))
        (v128.store offset=16 (local.get $c) (local.get $c31))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $lj)))
      ;; column tail: one column at a time, four rows
      (block $bt (loop $lt
        (br_if $bt (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $c (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3)))
        (local.set $s0 (f64.load (local.get $c)))
        (local.set $s1 (f64.load (i32.add (local.get $c) (local.get $rb))))
        (local.set $s2 (f64.load (i32.add (local.get $c) (local.get $rb2))))
        (local.set $s3 (f64.load (i32.add (local.get $c) (local.get $rb3))))
        (local.set $a (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $kb)) (i32.const 3)))
        (local.set $aend (i32.add (local.get $a) (i32.shl (i32.sub (local.get $ke) (local.get $kb)) (i32.const 3))))
        (local.set $b (i32.shl (i32.add (i32.mul (local.get $kb) (local.get $n)) (local.get $j)) (i32.const 3)))
        (block $bp2 (loop $lp2
          (br_if $bp2 (i32.ge_u (local.get $a) (local.get $aend)))
          (local.set $bs (f64.load (local.get $b)))
          (local.set $s0 (f64.sub (local.get $s0) (f64.mul (f64.load (local.get $a)) (local.get $bs))))
          (local.set $s1 (f64.sub (local.get $s1) (f64.mul (f64.load (i32.add (local.get $a) (local.get $rb))) (local.get $bs))))
          (local.set $s2 (f64.sub (local.get $s2) (f64.mul (f64.load (i32.add (local.get $a) (local.get $rb2))) (local.get $bs))))
          (local.set $s3 (f64.sub (local.get $s3) (f64.mul (f64.load (i32.add (local.get $a) (local.get $rb3))) (local.get $bs))))
          (local.set $a (i32.add (local.get $a) (i32.const 8)))
          (local.set $b (i32.add (local.get $b) (local.get $rb)))
          (br $lp2)))
        (f64.store (local.get $c) (local.get $s0))
        (f64.store (i32.add (local.get $c) (local.get $rb)) (local.get $s1))
        (f64.store (i32.add (local.get $c) (local.get $rb2)) (local.get $s2))
        (f64.store (i32.add (local.get $c) (local.get $rb3)) (local.get $s3))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $lt)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $li)))
    ;; row tail: one row at a time, two columns per v128
    (block $bi2 (loop $li2
      (br_if $bi2 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $j (local.get $ke))
      (block $bj2 (loop $lj2
        (br_if $bj2 (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $c (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3)))
        (local.set $s0 (f64.load (local.get $c)))
        (local.set $a (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $kb)) (i32.const 3)))
        (local.set $aend (i32.add (local.get $a) (i32.shl (i32.sub (local.get $ke) (local.get $kb)) (i32.const 3))))
        (local.set $b (i32.shl (i32.add (i32.mul (local.get $kb) (local.get $n)) (local.get $j)) (i32.const 3)))
        (block $bp3 (loop $lp3
          (br_if $bp3 (i32.ge_u (local.get $a) (local.get $aend)))
          (local.set $s0 (f64.sub (local.get $s0) (f64.mul (f64.load (local.get $a)) (f64.load (local.get $b)))))
          (local.set $a (i32.add (local.get $a) (i32.const 8)))
          (local.set $b (i32.add (local.get $b) (local.get $rb)))
          (br $lp3)))
        (f64.store (local.get $c) (local.get $s0))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $lj2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $li2))))
)
