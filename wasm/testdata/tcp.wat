;; Calls tcp_dial(config "addr", 1000 ms) and reports the result as the
;; metric "result"; passes when it connected.
(module
  (import "healthlite" "set_metric" (func $set_metric (param i32 i32 f64)))
  (import "healthlite" "config" (func $config (param i32 i32 i32 i32) (result i32)))
  (import "healthlite" "tcp_dial" (func $tcp_dial (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "addr")
  (data (i32.const 8) "result")
  (func (export "check") (result i32)
    (local $n i32) (local $r i32)
    (local.set $n (call $config (i32.const 0) (i32.const 4) (i32.const 1024) (i32.const 256)))
    (if (i32.lt_s (local.get $n) (i32.const 0)) (then (return (i32.const 3))))
    (local.set $r (call $tcp_dial (i32.const 1024) (local.get $n) (i32.const 1000)))
    (call $set_metric (i32.const 8) (i32.const 6) (f64.convert_i32_s (local.get $r)))
    (if (result i32) (i32.eqz (local.get $r)) (then (i32.const 0)) (else (i32.const 2)))))
