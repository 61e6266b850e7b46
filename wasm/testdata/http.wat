;; Calls http_get(config "url") and reports the result as the metric "code";
;; the first 5 body bytes become the message. Passes on 200, fails otherwise.
(module
  (import "healthlite" "set_message" (func $set_message (param i32 i32)))
  (import "healthlite" "set_metric" (func $set_metric (param i32 i32 f64)))
  (import "healthlite" "config" (func $config (param i32 i32 i32 i32) (result i32)))
  (import "healthlite" "http_get" (func $http_get (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "url")
  (data (i32.const 8) "code")
  (func (export "check") (result i32)
    (local $n i32) (local $code i32)
    (local.set $n (call $config (i32.const 0) (i32.const 3) (i32.const 1024) (i32.const 2048)))
    (if (i32.lt_s (local.get $n) (i32.const 0)) (then (return (i32.const 3))))
    (local.set $code (call $http_get (i32.const 1024) (local.get $n) (i32.const 4096) (i32.const 5)))
    (call $set_metric (i32.const 8) (i32.const 4) (f64.convert_i32_s (local.get $code)))
    (if (i32.eq (local.get $code) (i32.const 200))
      (then
        (call $set_message (i32.const 4096) (i32.const 5))
        (return (i32.const 0))))
    (i32.const 2)))
