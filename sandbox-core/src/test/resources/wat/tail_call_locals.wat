;; wat2wasm: --enable-tail-call
;; Found by RewriteFuzzTest (seed 41, reduced): a function with a declared local that tail-calls
;; itself. Endive 1.0.0's interpreter gives the frame of a return_call only the callee's
;; parameters, so the second activation's local.get 1 throws ArrayIndexOutOfBoundsException; the
;; compiler returns 0. Not a rewrite bug: metered and split, each engine behaves as unmodified.
(module
  (global $calls (mut i32) (i32.const 1))
  (func (export "again") (param i64) (result i32)
    (local i32)
    (if (i32.eqz (global.get $calls)) (then (return (local.get 1))))
    (global.set $calls (i32.sub (global.get $calls) (i32.const 1)))
    (return_call 0 (local.get 0))))
