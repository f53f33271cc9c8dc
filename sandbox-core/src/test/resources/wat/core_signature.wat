;; Imports two core ABI functions with signatures other than ABI v1's; the loader must refuse it
;; (HostileModulesTest.coreImportsWithAnotherSignatureAreRefusedAtLoad).
(module
  (import "wasmbox" "input_length" (func $input_length (param i32) (result i32)))
  (import "wasmbox" "output_write" (func $output_write (param i64 i32)))
  (memory (export "memory") 1)
  (func (export "run") (result i32)
    (call $output_write (i64.const 0) (call $input_length (i32.const 7)))
    (i32.const 0)))
