;; wat2wasm: --debug-names
;; A module that exercises every fact the pre-scan reports.
(module
  (type $v (func))
  (import "wasmbox" "input_length" (func $input_length (result i32)))
  (import "env" "base" (global $base i32))
  (import "env" "table" (table 1 funcref))
  (memory (export "memory") 2 16)
  (table $t 4 8 funcref)
  (global $counter (mut i32) (i32.const 0))
  (func $init (type $v)
    (global.set $counter (call $input_length)))
  (func (export "run") (result i32)
    (global.get $counter))
  (start $init)
  (elem (table $t) (i32.const 0) func $init)
  (data (i32.const 16) "hello"))
