;; Hostile: traps at once.
(module
  (memory (export "memory") 1)
  (func (export "check") (result i32)
    unreachable))
