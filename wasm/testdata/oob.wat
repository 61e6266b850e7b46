;; Hostile: hands set_message a range far outside its one-page memory.
(module
  (import "healthlite" "set_message" (func $set_message (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "check") (result i32)
    (call $set_message (i32.const 0x7fffff00) (i32.const 1000))
    (i32.const 0)))
