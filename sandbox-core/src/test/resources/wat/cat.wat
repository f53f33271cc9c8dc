;; A WASI command: copies stdin to stdout; exits with the first input byte when it is a digit.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 200) "failing on purpose\n")
  (func (export "_start")
    (local $n i32)
    ;; iovec at 0: buffer 1024, length 4096
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 4096))
    (loop $copy
      (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (local.set $n (i32.load (i32.const 8)))
      (if (i32.gt_u (local.get $n) (i32.const 0))
        (then
          (i32.store (i32.const 16) (i32.const 1024))
          (i32.store (i32.const 20) (local.get $n))
          (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))
          (if (i32.and (i32.ge_u (i32.load8_u (i32.const 1024)) (i32.const 49))
                       (i32.le_u (i32.load8_u (i32.const 1024)) (i32.const 57)))
            (then
              (i32.store (i32.const 16) (i32.const 200))
              (i32.store (i32.const 20) (i32.const 19))
              (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 24)))
              (call $proc_exit (i32.sub (i32.load8_u (i32.const 1024)) (i32.const 48)))))
          (br $copy))))))
