;; Refused at load: check takes a parameter and returns i64.
(module
  (memory (export "memory") 1)
  (func (export "check") (param i32) (result i64) (i64.const 0)))
