;; Writes 1 MiB of NUL bytes to stdout in one fd_write and succeeds: the host must log it escaped
;; and capped without spending the call's deadline on it (GuestTextSinksTest).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; 17 pages: the iovec at 0, the 1 MiB of zeroes from 16.
  (memory (export "memory") 17)
  (func (export "nuls") (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 1048576))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.const 0)))
