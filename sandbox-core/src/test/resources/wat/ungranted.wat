;; Imports capabilities no policy granted, and a memory nobody provides.
(module
  (import "wasmbox:kv" "get" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasmbox:http" "request" (func (param i32 i32) (result i32)))
  (import "env" "memory" (memory 1))
  (func (export "run") (result i32) (i32.const 0)))
