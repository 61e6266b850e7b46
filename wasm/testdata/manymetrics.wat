;; Hostile: sets 17 distinct metrics (m_a .. m_q); the ABI allows 16.
(module
  (import "healthlite" "set_metric" (func $set_metric (param i32 i32 f64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "m_a")
  (func (export "check") (result i32)
    (local $i i32)
    (loop $next
      (i32.store8 (i32.const 2) (i32.add (i32.const 97) (local.get $i)))
      (call $set_metric (i32.const 0) (i32.const 3) (f64.convert_i32_u (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 17))))
    (i32.const 0)))
