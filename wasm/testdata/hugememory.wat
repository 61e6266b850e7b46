;; Refused at load: asks for 2048 pages (128 MiB) of initial memory.
(module
  (memory (export "memory") 2048)
  (func (export "check") (result i32) (i32.const 0)))
