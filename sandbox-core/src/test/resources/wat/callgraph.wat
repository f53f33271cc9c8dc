;; wat2wasm: --enable-tail-call
;; A call graph for the frame charges: a leaf and its acyclic caller, direct recursion,
;; recursion only through the table, and recursion only through a tail call that the caller
;; resolves (a calls b, b return_calls a). Each recursive export takes a depth n.
(module
  (type $t (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table 1 funcref)
  (elem (i32.const 0) $through_table)
  (func $leaf (type $t)
    (i32.add (local.get 0) (i32.const 1)))
  (func $middle (type $t)
    (call $leaf (call $leaf (local.get 0))))
  (func $direct (export "direct") (type $t)
    (if (result i32) (i32.eqz (local.get 0))
      (then (call $middle (i32.const 0)))
      (else (i32.add (call $direct (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func $through_table (export "through_table") (type $t)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else
        (i32.add
          (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))
          (i32.const 1)))))
  (func $a (export "tail") (type $t)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $b (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func $b (type $t)
    (return_call $a (local.get 0))))
