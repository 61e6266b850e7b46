;; Refused at load: imports healthlite functions but exports no memory.
(module
  (import "healthlite" "set_message" (func $set_message (param i32 i32)))
  (memory 1)
  (func (export "check") (result i32) (i32.const 0)))
