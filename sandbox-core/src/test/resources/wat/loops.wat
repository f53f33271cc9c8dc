;; Loops that never end: the fuel budget must stop them under the interpreter too.
(module
  (func (export "spin_br_if") (param $x i32)
    (loop $l (br_if $l (i32.eqz (i32.const 0)))))
  (func (export "spin_br_table") (param $x i32)
    (loop $l (br_table $l $l (local.get $x))))
  (func (export "spin_calls") (param $x i32)
    (loop $l (call $nothing) (br $l)))
  (func $nothing)
  (func (export "spin_param") (param $x i32)
    (loop $l (br_if $l (local.get $x)))
    (call $nothing)))
