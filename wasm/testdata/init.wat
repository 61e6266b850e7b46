;; A reactor with _initialize: it counts initializations and runs, so tests
;; see that an instance is initialized once and then reused.
(module
  (import "healthlite" "set_metric" (func $set_metric (param i32 i32 f64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "inits")
  (data (i32.const 8) "runs")
  (global $inits (mut i32) (i32.const 0))
  (global $runs (mut i32) (i32.const 0))
  (func (export "_initialize")
    (global.set $inits (i32.add (global.get $inits) (i32.const 1))))
  (func (export "check") (result i32)
    (global.set $runs (i32.add (global.get $runs) (i32.const 1)))
    (call $set_metric (i32.const 0) (i32.const 5) (f64.convert_i32_u (global.get $inits)))
    (call $set_metric (i32.const 8) (i32.const 4) (f64.convert_i32_u (global.get $runs)))
    (i32.const 0)))
