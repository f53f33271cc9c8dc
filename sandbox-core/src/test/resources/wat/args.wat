;; Command plugin that writes what WASI gives it as arguments: argc as a 4-byte little-endian
;; number, then the argument strings, each NUL-terminated, as args_get lays them out.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  ;; 0: argc, 4: size of the strings, 8: iovec, 16: bytes written,
  ;; 64: argv pointers (up to 240), 1024: the strings.
  (func $out (param $ptr i32) (param $len i32)
    (i32.store (i32.const 8) (local.get $ptr))
    (i32.store (i32.const 12) (local.get $len))
    (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16))))
  (func (export "_start")
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (if (i32.or (i32.gt_u (i32.load (i32.const 0)) (i32.const 240))
                (i32.gt_u (i32.load (i32.const 4)) (i32.const 64512)))
      (then unreachable))
    (drop (call $get (i32.const 64) (i32.const 1024)))
    (call $out (i32.const 0) (i32.const 4))
    (call $out (i32.const 1024) (i32.load (i32.const 4)))))
