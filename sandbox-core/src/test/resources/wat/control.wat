;; wat2wasm: --debug-names
;; Structured control flow: blocks, loops with br_if and br_table, if/else, multi-value blocks
;; with parameters, return, select, calls (direct, indirect, recursive) and traps.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (type $pair (func (param i32) (result i32 i32)))
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))
  (table 4 funcref)
  (elem (i32.const 0) $add $sub $mul)

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))

  (func $fib (export "fib") (param $n i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (if (result i32) (i32.lt_u (local.tee $n (i32.and (local.get $n) (i32.const 15))) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; sum 0..n-1 with a loop and br_if
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (local.set $n (i32.and (local.get $n) (i32.const 1023)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; a state machine driven by br_table, looping until state 3
  (func (export "machine") (param $x i32) (result i32) (local $steps i32)
    (local.set $x (i32.and (local.get $x) (i32.const 3)))
    (loop $top
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (block $s3 (block $s2 (block $s1 (block $s0
        (br_table $s0 $s1 $s2 $s3 (local.get $x)))
        ;; state 0
        (local.set $x (i32.const 2)) (br $top))
        ;; state 1
        (local.set $x (i32.const 0)) (br $top))
        ;; state 2
        (local.set $x (i32.const 3)) (br $top)))
    (i32.add (i32.mul (local.get $steps) (i32.const 100)) (local.get $x)))

  (func (export "classify") (param $x i32) (result i32)
    (block $neg (block $zero (block $small
      (br_if $neg (i32.lt_s (local.get $x) (i32.const 0)))
      (br_if $zero (i32.eqz (local.get $x)))
      (br_if $small (i32.lt_s (local.get $x) (i32.const 10)))
      (return (i32.const 3)))
      (return (i32.const 2)))
      (return (i32.const 1)))
    (i32.const -1))

  ;; multi-value: a block type by index with parameters, and a function returning two values
  (func $split (type $pair) (i32.shr_u (local.get 0) (i32.const 16)) (i32.and (local.get 0) (i32.const 0xffff)))
  (func (export "multi") (param $x i32) (result i32)
    local.get $x
    call $split
    block (type $binop)
      i32.add
    end
    i32.const 7
    local.get $x
    if (type $pair)
      i32.const 1
      i32.add
      i32.const 2
    else
      i32.const 3
    end
    i32.mul
    i32.add)

  (func (export "dispatch") (param $op i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect (type $binop) (local.get $a) (local.get $b) (local.get $op)))

  (func (export "choose") (param $c i32) (param $a i64) (param $b i64) (result i64)
    (nop)
    (drop (select (i32.const 1) (i32.const 2) (local.get $c)))
    (select (result i64) (local.get $a) (local.get $b) (local.get $c)))

  (func (export "trap_if") (param $x i32) (result i32)
    (if (i32.eq (local.get $x) (i32.const 7)) (then (unreachable)))
    (local.get $x))

  (func (export "deep") (param $x i32) (result i32)
    (block (result i32)
      (block (result i32)
        (loop (result i32)
          (if (result i32) (local.get $x)
            (then (br 2 (i32.const 10)))
            (else (br 3 (i32.const 20)))))))
    (i32.const 1)
    (i32.add))

  (func (export "calls") (result i32) (global.get $calls)))
