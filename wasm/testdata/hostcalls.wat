;; For the fuzz target: check reads an operation and four i32 arguments from
;; memory [0, 20) and passes them, unchecked, to a host function:
;; op 0 set_message(a, b), 1 set_metric(a, b, 1.0), 2 config(a, b, c, d),
;; 3 log(1, a, b), 4 http_get(a, b, c, d), 5 tcp_dial(a, b, 10).
(module
  (import "healthlite" "set_message" (func $set_message (param i32 i32)))
  (import "healthlite" "set_metric" (func $set_metric (param i32 i32 f64)))
  (import "healthlite" "config" (func $config (param i32 i32 i32 i32) (result i32)))
  (import "healthlite" "log" (func $log (param i32 i32 i32)))
  (import "healthlite" "http_get" (func $http_get (param i32 i32 i32 i32) (result i32)))
  (import "healthlite" "tcp_dial" (func $tcp_dial (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "check") (result i32)
    (local $op i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local.set $op (i32.load (i32.const 0)))
    (local.set $a (i32.load (i32.const 4)))
    (local.set $b (i32.load (i32.const 8)))
    (local.set $c (i32.load (i32.const 12)))
    (local.set $d (i32.load (i32.const 16)))
    (block $done
      (block $dial (block $get (block $lg (block $cfg (block $met (block $msg
        (br_table $msg $met $cfg $lg $get $dial $done (local.get $op)))
        (call $set_message (local.get $a) (local.get $b)) (br $done))
        (call $set_metric (local.get $a) (local.get $b) (f64.const 1)) (br $done))
        (drop (call $config (local.get $a) (local.get $b) (local.get $c) (local.get $d))) (br $done))
        (call $log (i32.const 1) (local.get $a) (local.get $b)) (br $done))
        (drop (call $http_get (local.get $a) (local.get $b) (local.get $c) (local.get $d))) (br $done))
      (drop (call $tcp_dial (local.get $a) (local.get $b) (i32.const 10))))
    (i32.const 0)))
