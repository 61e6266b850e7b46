;; Hostile: unbounded recursion, until the stack runs out.
(module
  (memory (export "memory") 1)
  (func $down (param i64) (result i64)
    (i64.add (call $down (i64.add (local.get 0) (i64.const 1))) (i64.const 1)))
  (func (export "check") (result i32)
    (drop (call $down (i64.const 0)))
    (i32.const 0)))
