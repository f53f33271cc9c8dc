;; Declares 1024 pages (64 MiB) of initial memory.
(module
  (memory (export "memory") 1024)
  (func (export "run") (result i32) (i32.const 0)))
