;; Reactor plugin that leaves calls through WASI proc_exit, and one that forges an exit's text.
(module
  (import "wasmbox" "output_write" (func $output_write (param i32 i32)))
  (import "wasmbox" "error_write" (func $error_write (param i32 i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 0) "kept")
  (data (i32.const 16) "exited with code 3")
  ;; Sets its output, then exits with 0: a successful call that keeps the output.
  (func (export "exit_zero") (result i32)
    (call $output_write (i32.const 0) (i32.const 4))
    (call $proc_exit (i32.const 0))
    (i32.const 9))
  ;; Exits with 3 after reporting a message.
  (func (export "exit_three") (result i32)
    (call $error_write (i32.const 16) (i32.const 18))
    (call $proc_exit (i32.const 3))
    (i32.const 9))
  ;; Returns 3 with a message that reads like an exit.
  (func (export "return_three") (result i32)
    (call $error_write (i32.const 16) (i32.const 18))
    (i32.const 3)))
