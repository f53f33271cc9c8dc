;; Region shapes the function split must move faithfully: branches out of nested regions that
;; carry i32/i64/f32/f64 values, loops left and re-entered from inside, if/else with results,
;; returns from deep inside, and locals of every number type written inside moved regions.
(module
  (memory (export "memory") 1)

  ;; a branch from two blocks deep carries an i64 out to a block with a result
  (func (export "carry_i64") (param $x i32) (param $y i64) (result i64) (local $t i64) (local $f f64)
    (block $out (result i64)
      (block $inner
        (local.set $t (i64.mul (local.get $y) (i64.const 3)))
        (local.set $f (f64.convert_i64_s (local.get $t)))
        (br_if $inner (i32.eqz (i32.and (local.get $x) (i32.const 1))))
        (br $out (i64.add (local.get $t) (i64.trunc_f64_s (local.get $f)))))
      (i64.sub (local.get $t) (i64.extend_i32_s (local.get $x)))))

  ;; a loop whose body leaves with an f64 and also continues from a nested block
  (func (export "loop_f64") (param $n i32) (result f64) (local $i i32) (local $acc f64)
    (local.set $n (i32.and (local.get $n) (i32.const 63)))
    (block $done (result f64)
      (loop $next
        (block $skip
          (br_if $skip (i32.and (local.get $i) (i32.const 1)))
          (local.set $acc (f64.add (local.get $acc) (f64.convert_i32_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (drop (br_if $done (f64.mul (local.get $acc) (f64.const 0.5)) (i32.ge_u (local.get $i) (local.get $n))))
        (br $next))
      (f64.const -1)))

  ;; if/else with an f32 result inside a block, locals of every type written on both arms
  (func (export "if_f32") (param $x i32) (param $z f32) (result f32)
    (local $a i32) (local $b i64) (local $c f32) (local $d f64)
    (block $b (result f32)
      (if (result f32) (i32.gt_s (local.get $x) (i32.const 5))
        (then
          (local.set $a (i32.mul (local.get $x) (i32.const 7)))
          (local.set $b (i64.extend_i32_s (local.get $a)))
          (local.set $c (f32.mul (local.get $z) (f32.const 2)))
          (local.set $d (f64.promote_f32 (local.get $c)))
          (drop (br_if $b (local.get $c) (i32.eq (local.get $x) (i32.const 100))))
          (f32.add (local.get $c) (f32.convert_i64_s (local.get $b))))
        (else
          (local.set $c (f32.neg (local.get $z)))
          (local.set $d (f64.const 1.25))
          (f32.sub (local.get $c) (f32.demote_f64 (local.get $d)))))
      (f32.add (f32.convert_i32_s (local.get $a)))
      (f32.add (f32.demote_f64 (local.get $d)))))

  ;; returns from three levels deep, with a value, or falls through with another
  (func (export "deep_return") (param $x i32) (result i64) (local $acc i64)
    (block $a
      (block $b
        (block $c
          (local.set $acc (i64.extend_i32_u (local.get $x)))
          (if (i32.gt_u (local.get $x) (i32.const 1000))
            (then (return (i64.mul (local.get $acc) (i64.const 2)))))
          (br_table $a $b $c (i32.and (local.get $x) (i32.const 3))))
        (local.set $acc (i64.add (local.get $acc) (i64.const 10)))
        (return (local.get $acc)))
      (local.set $acc (i64.add (local.get $acc) (i64.const 20))))
    (i64.sub (local.get $acc) (i64.const 1))))
