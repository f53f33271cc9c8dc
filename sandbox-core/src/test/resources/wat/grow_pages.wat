;; Memory growth one page at a time: the guest pattern whose host cost must stay linear in the
;; final size. grow takes the memory to 1025 pages (64 MiB and a page) or to its maximum,
;; whichever comes first; the loads and the store probe the bytes at and past the current size.
(module
  (memory (export "memory") 1)

  (func (export "grow") (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (memory.size) (i32.const 1025)))
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $next)))
    (memory.size))

  ;; The last four bytes of the memory: in bounds, zero.
  (func (export "load_last") (result i32)
    (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))))

  ;; One byte past the memory's end: traps.
  (func (export "load_past_end") (result i32)
    (i32.load8_u (i32.mul (memory.size) (i32.const 65536))))

  ;; Straddles the memory's end: traps, and must write nothing.
  (func (export "store_across_end")
    (i64.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (i64.const -1))))
