;; WASI calls whose host work grows with a guest-controlled count (WasiCostsTest). Each export
;; `name() -> i32` reads a little-endian i32 n from its input and writes the errno of its last
;; WASI call as a little-endian i32. Call `grow` first (memory starts at one page). Memory is zero
;; below 0xF60000, so every iovec is {0, 0} and every poll subscription is a relative clock
;; subscription of 0 ns on the realtime clock.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasmbox" "input_read" (func $input_read (param i32)))
  (import "wasmbox" "output_write" (func $output_write (param i32 i32)))
  ;; 0x10000: up to 2,000,000 iovecs of 8 bytes or poll subscriptions of 48; 0xF60000: poll
  ;; events or random bytes.
  (memory (export "memory") 1)

  ;; Grows the memory to 256 pages (16 MiB).
  (func (export "grow") (result i32)
    (drop (memory.grow (i32.sub (i32.const 256) (memory.size))))
    (i32.const 0))

  (func $n (result i32)
    (call $input_read (i32.const 0x100))
    (i32.load (i32.const 0x100)))

  (func $answer (param $errno i32) (result i32)
    (i32.store (i32.const 0x104) (local.get $errno))
    (call $output_write (i32.const 0x104) (i32.const 4))
    (i32.const 0))

  ;; One fd_write of n zero-length iovecs to stdout.
  (func (export "write_iovecs") (result i32)
    (call $answer (call $fd_write (i32.const 1) (i32.const 0x10000) (call $n) (i32.const 0x108))))

  ;; fd_write of n zero-length iovecs to stdout, again and again.
  (func (export "write_iovecs_forever") (result i32) (local $n i32)
    (local.set $n (call $n))
    (loop $l
      (drop (call $fd_write (i32.const 1) (i32.const 0x10000) (local.get $n) (i32.const 0x108)))
      (br $l))
    (i32.const 0))

  ;; One poll_oneoff of n subscriptions (at 0x10000) with their events at 0xF60000.
  (func (export "poll") (result i32)
    (call $answer
      (call $poll_oneoff (i32.const 0x10000) (i32.const 0xF60000) (call $n) (i32.const 0x108))))

  ;; One random_get of n bytes at 0xF60000.
  (func (export "random") (result i32)
    (call $answer (call $random_get (i32.const 0xF60000) (call $n))))
)
