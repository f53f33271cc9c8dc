;; Vector instructions (0xFD prefix) with every immediate shape: memarg, lane index,
;; v128.const and i8x16.shuffle.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f")
  (func (export "simd") (param $x i32) (result i32)
    (local $v v128)
    (local.set $v (v128.load (i32.const 0)))
    (local.set $v (i32x4.add (local.get $v) (i32x4.splat (local.get $x))))
    (local.set $v (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 (local.get $v) (v128.load offset=16 (i32.const 0))))
    (local.set $v (i16x8.replace_lane 3 (local.get $v) (i32.const 0x7777)))
    (local.set $v (v128.xor (local.get $v) (v128.const i32x4 1 2 3 4)))
    (local.set $v (v128.load32_lane 1 (i32.const 4) (local.get $v)))
    (v128.store offset=64 (i32.const 0) (local.get $v))
    (v128.store8_lane 15 (i32.const 96) (local.get $v))
    (v128.store (i32.const 128) (f32x4.mul (v128.load32_splat (i32.const 8)) (f32x4.convert_i32x4_s (local.get $v))))
    (v128.store (i32.const 144) (i64x2.extmul_low_i32x4_s (local.get $v) (v128.load64_zero (i32.const 0))))
    (i32.add
      (i8x16.extract_lane_u 5 (local.get $v))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i8x16.bitmask (local.get $v))))))
