;; PRISTINE state probe. `mutate` changes every kind of state a guest owns: memory bytes and size,
;; mutable globals (numbers and a funcref), table slots, passive data and element segments (drops
;; them), and the WASI side (creates /data/state.txt in the preopen, fd 3, and leaves it open).
;; `grow_table` grows the table, which a reset cannot undo. `report` writes what it sees as 16 i64s:
;; a checksum of all memory, memory.size, the globals, the table, the passive segments (which trap
;; when dropped) and the WASI descriptors. A fresh instance and a reset one must report the same.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasmbox" "output_write" (func $output_write (param i32 i32)))
  (type $r (func (result i32)))
  (memory (export "memory") 1)
  (table $t 4 8 funcref)
  (global $count (mut i32) (i32.const 0))
  (global $wide (mut i64) (i64.const 7))
  (global $real (mut f64) (f64.const 1.5))
  (global $fref (mut funcref) (ref.func $one))
  (elem (table $t) (i32.const 0) func $one $two)
  (elem $pe func $three)
  (data (i32.const 16) "state.txt")
  (data (i32.const 32) "dirty")
  (data (i32.const 1024) "PRISTINE-BYTES-PRISTINE-BYTES")
  (data $pd "passive!")

  (func $one (type $r) (i32.const 1))
  (func $two (type $r) (i32.const 2))
  (func $three (type $r) (i32.const 3))

  (func (export "mutate") (result i32)
    (memory.fill (i32.const 1024) (i32.const 0xAB) (i32.const 1024))
    (drop (memory.grow (i32.const 2)))
    (i32.store (i32.const 70000) (i32.const 0xDEAD))
    (global.set $count (i32.const 42))
    (global.set $wide (i64.const -1))
    (global.set $real (f64.const 99.25))
    (global.set $fref (ref.func $three))
    (table.set $t (i32.const 0) (ref.null func))
    (table.set $t (i32.const 2) (ref.func $three))
    (elem.drop $pe)
    (data.drop $pd)
    ;; path_open(fd 3, follow, "state.txt", O_CREAT, all rights, 0, 0) -> fd at 512
    (if (call $path_open (i32.const 3) (i32.const 1) (i32.const 16) (i32.const 9) (i32.const 1)
          (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 512))
      (then (return (i32.const 10))))
    (i32.store (i32.const 256) (i32.const 32))
    (i32.store (i32.const 260) (i32.const 5))
    (if (call $fd_write (i32.load (i32.const 512)) (i32.const 256) (i32.const 1) (i32.const 520))
      (then (return (i32.const 11))))
    (i32.const 0))

  (func (export "grow_table") (result i32)
    (drop (table.grow $t (ref.func $three) (i32.const 2)))
    (i32.const 0))

  (func $put (param $slot i32) (param $value i64)
    (i64.store (i32.add (i32.const 4096) (i32.shl (local.get $slot) (i32.const 3))) (local.get $value)))

  (func $slot (param $i i32) (result i64)
    (if (result i64) (ref.is_null (table.get $t (local.get $i)))
      (then (i64.const -1))
      (else (i64.extend_i32_u (call_indirect $t (type $r) (local.get $i))))))

  (func (export "report") (result i32)
    (local $a i32) (local $end i32) (local $sum i64)
    ;; first, before report writes anything: a checksum of every byte of memory
    (local.set $end (i32.mul (memory.size) (i32.const 65536)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $sum
          (i64.add (i64.rotl (local.get $sum) (i64.const 7)) (i64.load (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (br $next)))
    (call $put (i32.const 0) (local.get $sum))
    (call $put (i32.const 1) (i64.extend_i32_u (memory.size)))
    (call $put (i32.const 2) (i64.extend_i32_u (global.get $count)))
    (call $put (i32.const 3) (global.get $wide))
    (call $put (i32.const 4) (i64.reinterpret_f64 (global.get $real)))
    (call $put (i32.const 5) (i64.extend_i32_u (table.size $t)))
    (call $put (i32.const 6) (call $slot (i32.const 0)))
    (call $put (i32.const 7) (call $slot (i32.const 1)))
    (call $put (i32.const 8) (call $slot (i32.const 2)))
    ;; the funcref global, called through the last slot
    (table.set $t (i32.const 3) (global.get $fref))
    (call $put (i32.const 9) (call $slot (i32.const 3)))
    ;; the passive segments: both trap when dropped
    (table.init $t $pe (i32.const 3) (i32.const 0) (i32.const 1))
    (call $put (i32.const 10) (call $slot (i32.const 3)))
    (memory.init $pd (i32.const 600) (i32.const 0) (i32.const 8))
    (call $put (i32.const 11) (i64.load (i32.const 600)))
    ;; WASI: is fd 4 open, and does state.txt exist?
    (call $put (i32.const 12) (i64.extend_i32_u (call $fd_fdstat_get (i32.const 4) (i32.const 640))))
    (call $put (i32.const 13)
      (i64.extend_i32_u
        (call $path_open (i32.const 3) (i32.const 1) (i32.const 16) (i32.const 9) (i32.const 0)
          (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 512))))
    (call $put (i32.const 14) (i64.extend_i32_u (i32.load8_u (i32.const 1024))))
    (call $put (i32.const 15) (i64.load (i32.const 65528)))
    (call $output_write (i32.const 4096) (i32.const 128))
    (i32.const 0))
)
