;; count(n) loops n times and returns n: the benchmarks time it with and
;; without deadline instrumentation.
(module
  (func (export "count") (param $n i64) (result i64)
    (local $i i64)
    (loop $next
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $next (i64.lt_u (local.get $i) (local.get $n))))
    (local.get $i)))
