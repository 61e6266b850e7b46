;; Hostile: logs a line 100,000 times in one run, then passes. The host's
;; logger must get MaxLogLines of them and one warning, no more.
(module
  (import "healthlite" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "flood")
  (func (export "check") (result i32)
    (local $i i32)
    (loop $more
      (call $log (i32.const 1) (i32.const 0) (i32.const 5))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (i32.const 100000))))
    (i32.const 0)))
