;; wat2wasm: --enable-all
;; Uses multi-memory.
(module
  (memory (export "memory") 1)
  (memory $second 1)
  (func (export "run") (result i32) (i32.const 0)))
