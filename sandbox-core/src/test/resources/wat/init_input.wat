;; A reactor whose _initialize reads the call's input, so its post-instantiation state depends on
;; the call: PRISTINE calls must instantiate it anew instead of resetting it to a snapshot taken
;; during another call. `seen` outputs the input length _initialize saw, as an i32.
(module
  (import "wasmbox" "input_length" (func $input_length (result i32)))
  (import "wasmbox" "output_write" (func $output_write (param i32 i32)))
  (memory (export "memory") 1)
  (global $seen (mut i32) (i32.const -1))
  (func (export "_initialize")
    (global.set $seen (call $input_length)))
  (func (export "seen") (result i32)
    (i32.store (i32.const 0) (global.get $seen))
    (call $output_write (i32.const 0) (i32.const 4))
    (i32.const 0)))
