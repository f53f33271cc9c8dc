;; A plugin whose call asks the host for something that calls the same plugin back: the
;; host function "test:reentry/call_back" answers 0 when the inner call succeeded, 1 when the
;; runtime refused it as busy.
(module
  (import "test:reentry" "call_back" (func $call_back (result i32)))
  (memory (export "memory") 1)
  (func (export "outer") (result i32)
    (call $call_back))
  (func (export "inner") (result i32)
    (i32.const 0)))
