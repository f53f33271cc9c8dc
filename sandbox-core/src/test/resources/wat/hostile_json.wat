;; Reactor plugin whose typed answers are hostile JSON, each small and inside every limit: the host's
;; codec must refuse them (HostileTypedOutputTest). Every export writes a constant from the data
;; segment, except `deep`, which builds its answer in memory with a loop.
(module
  (import "wasmbox" "output_write" (func $output_write (param i32 i32)))
  (memory (export "memory") 5 5)
  (data (i32.const 0)   "{\"amount\":1e99999999}")
  (data (i32.const 64)  "{\"amount\":0e-99999999}")
  (data (i32.const 128) "{\"amount\":1e400}")
  (data (i32.const 192) "{\"approved\":false,\"amount\":1,\"approved\":true}")
  (data (i32.const 256) "{\"approved\":true,\"amount\":1.99}")
  (data (i32.const 320) "{\"approved\":true,\"amount\":\"250\"}")
  (data (i32.const 384) "{\"approved\":\"true\",\"amount\":1}")
  (data (i32.const 448) "{\"approved\":true,\"amount\":12.50}")
  (func $answer (param $at i32) (param $len i32) (result i32)
    (call $output_write (local.get $at) (local.get $len))
    (i32.const 0))
  (func (export "huge_exponent") (result i32) (call $answer (i32.const 0) (i32.const 21)))
  (func (export "zero_scale") (result i32) (call $answer (i32.const 64) (i32.const 22)))
  (func (export "overflow") (result i32) (call $answer (i32.const 128) (i32.const 16)))
  (func (export "duplicate") (result i32) (call $answer (i32.const 192) (i32.const 45)))
  (func (export "fraction") (result i32) (call $answer (i32.const 256) (i32.const 31)))
  (func (export "quoted_number") (result i32) (call $answer (i32.const 320) (i32.const 32)))
  (func (export "quoted_boolean") (result i32) (call $answer (i32.const 384) (i32.const 30)))
  (func (export "fine") (result i32) (call $answer (i32.const 448) (i32.const 32)))
  ;; 100,000 "[" then as many "]": far deeper than the codec's nesting limit.
  (func (export "deep") (result i32)
    (local $at i32)
    (local.set $at (i32.const 65536))
    (loop $open
      (i32.store8 (local.get $at) (i32.const 91))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br_if $open (i32.lt_u (local.get $at) (i32.const 165536))))
    (loop $close
      (i32.store8 (local.get $at) (i32.const 93))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br_if $close (i32.lt_u (local.get $at) (i32.const 265536))))
    (call $answer (i32.const 65536) (i32.const 200000))))
