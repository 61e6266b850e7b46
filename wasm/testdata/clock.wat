;; A reactor that uses WASI: it reads the monotonic clock twice and reports
;; the difference (ns) as "elapsed_ns" and the wall clock (s) as "wall_s".
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "healthlite" "set_metric" (func $set_metric (param i32 i32 f64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "elapsed_ns")
  (data (i32.const 16) "wall_s")
  (func (export "check") (result i32)
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 64)))
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 72)))
    (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 80)))
    (call $set_metric (i32.const 0) (i32.const 10)
      (f64.convert_i64_s (i64.sub (i64.load (i32.const 72)) (i64.load (i32.const 64)))))
    (call $set_metric (i32.const 16) (i32.const 6)
      (f64.div (f64.convert_i64_s (i64.load (i32.const 80))) (f64.const 1e9)))
    (i32.const 0)))
