;; A shadow stack the way LLVM's Wasm targets keep one: the first global is a mutable i32 stack
;; pointer, which every call of $frames moves down by a 64-byte frame, writes its argument into,
;; recurses, reads back and restores. GeneratedClassesTest compiles it with the pointer in its
;; global and in memory 0's field and compares results, traps, fuel and the pointer;
;; InstanceResetTest checks that a reset puts back a pointer that `leak` moved.
(module
  (memory 1)
  (global $sp (mut i32) (i32.const 65536))
  (global $calls (mut i32) (i32.const 0))
  ;; how deep `depth` recurses: the i64 at address 0
  (data (i32.const 0) "\64\00\00\00\00\00\00\00")

  ;; n + (n-1) + ... + 1, each read back from its own stack frame; traps (out of bounds) once the
  ;; frames pass the bottom of memory, 1024 calls deep.
  (func $frames (param $n i64) (result i64)
    (local $frame i32)
    (local.set $frame (i32.sub (global.get $sp) (i32.const 64)))
    (global.set $sp (local.get $frame))
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i64.store (local.get $frame) (local.get $n))
    (i64.store offset=8 (local.get $frame) (i64.const 0))
    (if (i64.gt_s (local.get $n) (i64.const 0))
      (then
        (i64.store offset=8 (local.get $frame)
          (i64.add (i64.load (local.get $frame))
                   (call $frames (i64.sub (local.get $n) (i64.const 1)))))))
    (global.set $sp (i32.add (local.get $frame) (i32.const 64)))
    (i64.load offset=8 (local.get $frame)))

  (func (export "depth") (result i64)
    (call $frames (i64.load (i32.const 0))))

  ;; moves the stack pointer down a page and leaves it there
  (func (export "leak") (result i64)
    (global.set $sp (i32.sub (global.get $sp) (i32.const 4096)))
    (i64.extend_i32_u (global.get $sp))))
