;; Refused at load: exports neither check nor _start.
(module
  (memory 1)
  (func $check (result i32) (i32.const 0)))
