;; A WASI command in the Nagios plugin style: it prints
;;   OK - queue depth 12 | depth=12;100;500;0 'oldest age'=3.5s
;; and a second line, then exits with the number given as its first
;; argument (no argument: it returns from _start, which is exit code 0).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "OK - queue depth 12 | depth=12;100;500;0 'oldest age'=3.5s\nsecond line\n")
  (func (export "_start")
    (local $p i32) (local $n i32) (local $c i32)
    ;; iovec at 0: {100, 72}
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 72))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    ;; argc at 16, argv buffer size at 20; argv pointers at 1024, strings at 2048
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (if (i32.lt_u (i32.load (i32.const 16)) (i32.const 2)) (then (return)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (local.set $p (i32.load (i32.const 1028)))
    (block $end
      (loop $digit
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $end (i32.lt_u (local.get $c) (i32.const 48)))
        (br_if $end (i32.gt_u (local.get $c) (i32.const 57)))
        (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digit)))
    (call $proc_exit (local.get $n))))
