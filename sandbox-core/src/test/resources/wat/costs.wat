;; Functions whose fuel cost the tests know exactly, or as a function of their argument.
(module
  (memory (export "memory") 1 8)
  (func (export "empty"))
  (func (export "nops") nop nop nop)
  (func (export "count") (param $n i32) (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
  (func (export "fill") (param $n i32) (memory.fill (i32.const 0) (i32.const 7) (local.get $n)))
  (func (export "grow") (param $n i32) (result i32) (memory.grow (local.get $n)))
  (func (export "trap") unreachable)
  ;; Entry block [i32.const if] 2, then-block [10 nops end] 11, exit block [i32.const end] 2.
  ;; Only the entry is checked, so a budget of 5 runs to the end and returns 10 in debt.
  (func (export "overdraw") (result i32)
    (if (i32.const 1) (then nop nop nop nop nop nop nop nop nop nop))
    (i32.const 0)))
