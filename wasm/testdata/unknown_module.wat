;; Refused at load: imports from a module other than healthlite and WASI.
(module
  (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (func (export "check") (result i32) (i32.const 0)))
