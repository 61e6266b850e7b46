;; Logs "hello from the guest" at warn level, then passes.
(module
  (import "healthlite" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello from the guest")
  (func (export "check") (result i32)
    (call $log (i32.const 2) (i32.const 0) (i32.const 20))
    (i32.const 0)))
