;; Recursion to a depth the caller chooses: `descend` tells the host which thread runs it
;; ("test:depth" "enter"), reads its input as a little-endian i32 n and recurses n frames deep
;; before returning. For the guest stack budget's tests.
(module
  (import "test:depth" "enter" (func $enter))
  (import "wasmbox" "input_read" (func $input_read (param i32)))
  (memory (export "memory") 1 1)
  (func $down (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (call $down (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
  (func (export "descend") (result i32)
    (call $enter)
    (call $input_read (i32.const 0))
    (drop (call $down (i32.load (i32.const 0))))
    (i32.const 0)))
