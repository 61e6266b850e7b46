;; Hostile: never returns. The run deadline must stop it.
(module
  (memory (export "memory") 1)
  (func (export "check") (result i32)
    (loop $forever (br $forever))
    (i32.const 0)))
