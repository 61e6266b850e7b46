;; Hostile: grows memory until refused, then writes past the end of what it
;; got. The memory cap must hold and the run must fail with a trap.
(module
  (memory (export "memory") 1)
  (func (export "check") (result i32)
    (loop $more
      (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
    (i32.store (i32.mul (memory.size) (i32.const 65536)) (i32.const 1))
    (i32.const 0)))
