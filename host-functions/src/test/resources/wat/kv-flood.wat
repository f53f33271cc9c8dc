;; A hostile plugin against wasmbox:kv: floods a namespace with keys, and lists a namespace.
(module
  (import "wasmbox" "input_length" (func $input_length (result i32)))
  (import "wasmbox" "input_read" (func $input_read (param i32)))
  (import "wasmbox" "output_write" (func $output_write (param i32 i32)))
  (import "wasmbox:kv" "put" (func $kv_put (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasmbox:kv" "list" (func $kv_list (param i32 i32 i32 i32) (result i32)))
  ;; 64 KiB of zeros from 65536 serve as the values.
  (memory (export "memory") 2)

  ;; Input: count (i32 LE), value length (i32 LE), namespace. Puts keys k0000000, k0000001, ...
  ;; (8 bytes, hex) until count or the first error. Output: keys stored, last status (i32 LE).
  (func (export "flood") (result i32)
    (local $count i32) (local $len i32) (local $ns_len i32)
    (local $i i32) (local $status i32) (local $d i32) (local $n i32)
    (local.set $ns_len (i32.sub (call $input_length) (i32.const 8)))
    (call $input_read (i32.const 256))
    (local.set $count (i32.load (i32.const 256)))
    (local.set $len (i32.load (i32.const 260)))
    (i32.store8 (i32.const 16) (i32.const 107))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $d (i32.const 0))
        (loop $digit
          (local.set $n
            (i32.and
              (i32.shr_u (local.get $i)
                         (i32.mul (i32.sub (i32.const 6) (local.get $d)) (i32.const 4)))
              (i32.const 15)))
          (i32.store8 (i32.add (i32.const 17) (local.get $d))
            (i32.add (local.get $n)
                     (select (i32.const 48) (i32.const 87) (i32.lt_u (local.get $n) (i32.const 10)))))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (br_if $digit (i32.lt_u (local.get $d) (i32.const 7))))
        (local.set $status
          (call $kv_put (i32.const 264) (local.get $ns_len) (i32.const 16) (i32.const 8)
                        (i32.const 65536) (local.get $len)))
        (br_if $done (i32.ne (local.get $status) (i32.const 0)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store (i32.const 32) (local.get $i))
    (i32.store (i32.const 36) (local.get $status))
    (call $output_write (i32.const 32) (i32.const 8))
    (i32.const 0))

  ;; Input: namespace length (i32 LE), namespace, prefix. Output: list's status (i32 LE).
  (func (export "list") (result i32)
    (local $ns_len i32)
    (call $input_read (i32.const 256))
    (local.set $ns_len (i32.load (i32.const 256)))
    (i32.store (i32.const 32)
      (call $kv_list (i32.const 260) (local.get $ns_len)
                     (i32.add (i32.const 260) (local.get $ns_len))
                     (i32.sub (i32.sub (call $input_length) (i32.const 4)) (local.get $ns_len))))
    (call $output_write (i32.const 32) (i32.const 4))
    (i32.const 0))
)
