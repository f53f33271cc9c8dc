;; A reactor plugin that uses the built-in capabilities through raw ABI v1 imports.
(module
  (import "wasmbox" "input_length" (func $input_length (result i32)))
  (import "wasmbox" "input_read" (func $input_read (param i32)))
  (import "wasmbox" "output_write" (func $output_write (param i32 i32)))
  (import "wasmbox" "result_read" (func $result_read (param i32)))
  (import "wasmbox:kv" "put" (func $kv_put (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasmbox:kv" "get" (func $kv_get (param i32 i32 i32 i32) (result i32)))
  (import "wasmbox:log" "write" (func $log (param i32 i32 i32) (result i32)))
  (import "wasmbox:config" "get" (func $config_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "orders")
  (data (i32.const 8) "last")
  (data (i32.const 16) "stored\n")
  (data (i32.const 32) "rates")
  (data (i32.const 40) "region")

  ;; Stores the input under orders/last, reads it back and returns it; logs one line.
  (func (export "roundtrip") (result i32)
    (local $len i32) (local $n i32)
    (local.set $len (call $input_length))
    (call $input_read (i32.const 256))
    (if (i32.ne (call $kv_put (i32.const 0) (i32.const 6) (i32.const 8) (i32.const 4)
                              (i32.const 256) (local.get $len)) (i32.const 0))
      (then (return (i32.const 1))))
    (local.set $n (call $kv_get (i32.const 0) (i32.const 6) (i32.const 8) (i32.const 4)))
    (if (i32.lt_s (local.get $n) (i32.const 0)) (then (return (i32.const 2))))
    (call $result_read (i32.const 1024))
    (drop (call $log (i32.const 2) (i32.const 16) (i32.const 7)))
    (call $output_write (i32.const 1024) (local.get $n))
    (i32.const 0))

  ;; Writes to the read-only namespace "rates"; outputs the status code (4 bytes, LE).
  (func (export "write_read_only") (result i32)
    (i32.store (i32.const 512)
      (call $kv_put (i32.const 32) (i32.const 5) (i32.const 8) (i32.const 4)
                    (i32.const 16) (i32.const 6)))
    (call $output_write (i32.const 512) (i32.const 4))
    (i32.const 0))

  ;; Returns the config entry "region".
  (func (export "region") (result i32)
    (local $n i32)
    (local.set $n (call $config_get (i32.const 40) (i32.const 6)))
    (if (i32.lt_s (local.get $n) (i32.const 0)) (then (return (i32.const 3))))
    (call $result_read (i32.const 1024))
    (call $output_write (i32.const 1024) (local.get $n))
    (i32.const 0))

  ;; Passes a key range that ends past the memory: the host must trap the guest.
  (func (export "bad_pointer") (result i32)
    (drop (call $kv_get (i32.const 0) (i32.const 6) (i32.const 65530) (i32.const 100)))
    (i32.const 0))
)
