;; Reference types and table instructions: ref.null, ref.func, ref.is_null, select with a type,
;; table.get/set/size/grow/fill/copy/init, elem.drop and call_indirect through a second table.
(module
  (type $unary (func (param i32) (result i32)))
  (table $t 4 16 funcref)
  (table $ext 2 externref)
  (elem $fs func $inc $dbl $neg)
  (elem declare func $inc)

  (func $inc (type $unary) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $unary) (i32.shl (local.get 0) (i32.const 1)))
  (func $neg (type $unary) (i32.sub (i32.const 0) (local.get 0)))

  (func (export "setup") (result i32)
    (table.init $t $fs (i32.const 0) (i32.const 0) (i32.const 3))
    (table.set $t (i32.const 3) (ref.func $inc))
    (table.size $t))

  (func (export "apply") (param $i i32) (param $x i32) (result i32)
    (call_indirect $t (type $unary) (local.get $x) (local.get $i)))

  (func (export "is_null") (param $i i32) (result i32)
    (ref.is_null (table.get $t (local.get $i))))

  (func (export "pick") (param $c i32) (result i32)
    (ref.is_null (select (result funcref) (ref.null func) (ref.func $inc) (local.get $c))))

  (func (export "grow") (param $n i32) (result i32)
    (table.grow $t (ref.null func) (i32.and (local.get $n) (i32.const 31))))

  (func (export "fill") (param $i i32) (param $n i32)
    (table.fill $t (local.get $i) (ref.func $dbl) (local.get $n)))

  (func (export "copy") (param $d i32) (param $s i32) (param $n i32)
    (table.copy $t $t (local.get $d) (local.get $s) (local.get $n)))

  (func (export "ext") (result i32)
    (table.set $ext (i32.const 1) (ref.null extern))
    (ref.is_null (table.get $ext (i32.const 1))))

  (func (export "drop") (elem.drop $fs)))
