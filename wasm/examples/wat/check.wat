;; The healthlite example check in WebAssembly text: GET the configured url, pass on 2xx within
;; budget_ms (default 500), warn on a slower 2xx, fail otherwise; report latency_ms.
;; Build: wat2wasm check.wat -o check.wasm
(module
  (import "healthlite" "config" (func $config (param i32 i32 i32 i32) (result i32)))
  (import "healthlite" "http_get" (func $http_get (param i32 i32 i32 i32) (result i32)))
  (import "healthlite" "set_message" (func $set_message (param i32 i32)))
  (import "healthlite" "set_metric" (func $set_metric (param i32 i32 f64)))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))

  (memory (export "memory") 1)

  ;; Memory layout: constant strings below 256, digit scratch 256..320, clock result at 320,
  ;; budget_ms value at 1024 (16 bytes), url at 2048 (2048 bytes), message at 4096 (4096 bytes),
  ;; response body at 8192 (256 bytes; the check does not read it).
  (data (i32.const 0) "url")
  (data (i32.const 8) "budget_ms")
  (data (i32.const 24) "latency_ms")
  (data (i32.const 40) "GET ")
  (data (i32.const 48) ": ")
  (data (i32.const 56) "error ")
  (data (i32.const 64) " in ")
  (data (i32.const 72) " ms")
  (data (i32.const 80) ", over budget ")
  (data (i32.const 96) "config url is not set")
  (data (i32.const 128) "config url is longer than 2048 bytes")
  (data (i32.const 176) "config budget_ms is not a whole number of milliseconds")

  ;; $len is the length of the message being built at 4096.
  (global $len (mut i32) (i32.const 0))

  ;; $put appends n bytes from p to the message.
  (func $put (param $p i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8
          (i32.add (i32.const 4096) (i32.add (global.get $len) (local.get $i)))
          (i32.load8_u (i32.add (local.get $p) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (global.set $len (i32.add (global.get $len) (local.get $n))))

  ;; $put_int appends v in decimal.
  (func $put_int (param $v i64)
    (local $p i32) (local $neg i32)
    (if (i64.lt_s (local.get $v) (i64.const 0))
      (then
        (local.set $neg (i32.const 1))
        (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
    (local.set $p (i32.const 320))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (if (local.get $neg)
      (then
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i32.store8 (local.get $p) (i32.const 45))))
    (call $put (local.get $p) (i32.sub (i32.const 320) (local.get $p))))

  ;; $now returns the monotonic clock in nanoseconds.
  (func $now (result i64)
    (drop (call $clock_time_get (i32.const 1) (i64.const 1000) (i32.const 320)))
    (i64.load (i32.const 320)))

  ;; $unknown sets the message to n bytes at p and returns status unknown.
  (func $unknown (param $p i32) (param $n i32) (result i32)
    (call $set_message (local.get $p) (local.get $n))
    (i32.const 3))

  (func (export "check") (result i32)
    (local $url_len i32) (local $n i32) (local $i i32) (local $c i32) (local $budget i64)
    (local $t0 i64) (local $ns i64) (local $st i32) (local $status i32)
    (global.set $len (i32.const 0))

    (local.set $url_len
      (call $config (i32.const 0) (i32.const 3) (i32.const 2048) (i32.const 2048)))
    (if (i32.le_s (local.get $url_len) (i32.const 0))
      (then (return (call $unknown (i32.const 96) (i32.const 21)))))
    (if (i32.gt_s (local.get $url_len) (i32.const 2048))
      (then (return (call $unknown (i32.const 128) (i32.const 36)))))

    ;; budget_ms: 1 to 9 decimal digits; 500 when not set.
    (local.set $budget (i64.const 500))
    (local.set $n (call $config (i32.const 8) (i32.const 9) (i32.const 1024) (i32.const 16)))
    (if (i32.ge_s (local.get $n) (i32.const 0))
      (then
        (if (i32.or (i32.eqz (local.get $n)) (i32.gt_s (local.get $n) (i32.const 9)))
          (then (return (call $unknown (i32.const 176) (i32.const 54)))))
        (local.set $budget (i64.const 0))
        (loop $digit
          (local.set $c
            (i32.sub (i32.load8_u (i32.add (i32.const 1024) (local.get $i))) (i32.const 48)))
          (if (i32.gt_u (local.get $c) (i32.const 9))
            (then (return (call $unknown (i32.const 176) (i32.const 54)))))
          (local.set $budget
            (i64.add (i64.mul (local.get $budget) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $digit (i32.lt_u (local.get $i) (local.get $n))))))

    (local.set $t0 (call $now))
    (local.set $st
      (call $http_get (i32.const 2048) (local.get $url_len) (i32.const 8192) (i32.const 256)))
    (local.set $ns (i64.sub (call $now) (local.get $t0)))
    (call $set_metric (i32.const 24) (i32.const 10)
      (f64.div (f64.convert_i64_s (local.get $ns)) (f64.const 1e6)))

    (call $put (i32.const 40) (i32.const 4))
    (call $put (i32.const 2048) (local.get $url_len))
    (call $put (i32.const 48) (i32.const 2))
    (if (i32.lt_s (local.get $st) (i32.const 0))
      (then
        (call $put (i32.const 56) (i32.const 6))
        (call $put_int (i64.extend_i32_s (local.get $st)))
        (call $set_message (i32.const 4096) (global.get $len))
        (return (i32.const 2))))
    (call $put_int (i64.extend_i32_s (local.get $st)))
    (call $put (i32.const 64) (i32.const 4))
    (call $put_int (i64.div_s (local.get $ns) (i64.const 1000000)))
    (call $put (i32.const 72) (i32.const 3))

    (local.set $status (i32.const 2))
    (if (i32.and (i32.ge_s (local.get $st) (i32.const 200)) (i32.lt_s (local.get $st) (i32.const 300)))
      (then
        (local.set $status (i32.const 0))
        (if (i64.gt_s (local.get $ns) (i64.mul (local.get $budget) (i64.const 1000000)))
          (then
            (local.set $status (i32.const 1))
            (call $put (i32.const 80) (i32.const 14))
            (call $put_int (local.get $budget))
            (call $put (i32.const 72) (i32.const 3))))))
    (call $set_message (i32.const 4096) (global.get $len))
    (local.get $status)))
