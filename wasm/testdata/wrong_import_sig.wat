;; Refused at load: imports set_message with the wrong signature.
(module
  (import "healthlite" "set_message" (func $set_message (param i32)))
  (memory (export "memory") 1)
  (func (export "check") (result i32) (i32.const 0)))
