;; Reactor plugin whose bulk memory operations are out of bounds by up to 4 GiB, next to
;; in-bounds ones that are charged per byte.
(module
  (memory (export "memory") 1 2)
  (data $seg "0123456789")
  ;; memory.fill of 4 GiB - 1 bytes: out of bounds, whatever the fuel.
  (func (export "fill_4g") (result i32)
    (memory.fill (i32.const 0) (i32.const 0) (i32.const -1))
    (i32.const 0))
  ;; memory.copy of 4 GiB - 1 bytes.
  (func (export "copy_4g") (result i32)
    (memory.copy (i32.const 0) (i32.const 16) (i32.const -1))
    (i32.const 0))
  ;; memory.copy whose destination fits but whose source runs past the end.
  (func (export "copy_source_past_end") (result i32)
    (memory.copy (i32.const 0) (i32.const 60000) (i32.const 10000))
    (i32.const 0))
  ;; memory.init of 4 GiB - 1 bytes from a 10-byte segment.
  (func (export "init_4g") (result i32)
    (memory.init $seg (i32.const 0) (i32.const 0) (i32.const -1))
    (i32.const 0))
  ;; memory.fill of the whole first page: in bounds, charged 65,536.
  (func (export "fill_page") (result i32)
    (memory.fill (i32.const 0) (i32.const 7) (i32.const 65536))
    (i32.const 0)))
