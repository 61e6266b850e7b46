;; Hostile: a metric name that is not [a-zA-Z_][a-zA-Z0-9_]*.
(module
  (import "healthlite" "set_metric" (func $set_metric (param i32 i32 f64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "9 lives{}")
  (func (export "check") (result i32)
    (call $set_metric (i32.const 0) (i32.const 9) (f64.const 1))
    (i32.const 0)))
