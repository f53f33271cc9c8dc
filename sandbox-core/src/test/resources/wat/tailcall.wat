;; wat2wasm: --enable-tail-call
;; Tail calls: return_call and return_call_indirect in a loop that would overflow without them.
(module
  (type $step (func (param i32 i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $count)
  (func $count (type $step)
    (if (result i32) (i32.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call $indirect (i32.sub (local.get 0) (i32.const 1)) (i32.add (local.get 1) (i32.const 2))))))
  (func $indirect (type $step)
    (return_call_indirect (type $step) (local.get 0) (local.get 1) (i32.const 0)))
  (func (export "count") (param $n i32) (result i32)
    (return_call $count (i32.and (local.get $n) (i32.const 0x3ff)) (i32.const 0))))
