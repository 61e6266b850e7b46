;; A reactor check (ABI v1) for the binary's tests: it returns the status
;; digit given as config "status" (0 pass, 1 warn, 2 fail, 3 unknown), says
;; so in its message and sets the gauge "status_code" to it; without the key
;; it returns 3 (unknown).
(module
  (import "healthlite" "config" (func $config (param i32 i32 i32 i32) (result i32)))
  (import "healthlite" "set_message" (func $set_message (param i32 i32)))
  (import "healthlite" "set_metric" (func $set_metric (param i32 i32 f64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "status")
  (data (i32.const 16) "status from config")
  (data (i32.const 40) "status_code")
  (func (export "check") (result i32)
    (local $n i32)
    (local $code i32)
    (local.set $n (call $config (i32.const 0) (i32.const 6) (i32.const 64) (i32.const 1)))
    (call $set_message (i32.const 16) (i32.const 18))
    (if (i32.ne (local.get $n) (i32.const 1)) (then (return (i32.const 3))))
    (local.set $code (i32.sub (i32.load8_u (i32.const 64)) (i32.const 48)))
    (call $set_metric (i32.const 40) (i32.const 11) (f64.convert_i32_s (local.get $code)))
    (local.get $code)))
