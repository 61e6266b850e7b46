;; Refused at load: imports a healthlite function the ABI does not define.
(module
  (import "healthlite" "exec" (func $exec (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "check") (result i32) (i32.const 0)))
