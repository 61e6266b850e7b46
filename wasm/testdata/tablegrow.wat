;; Hostile: asks table.grow for two billion elements, which wazero would
;; take from host memory (16 GiB), then for its allowed growth. Passes when
;; the first is refused (-1), the second granted and a third element
;; refused, i.e. when the loader capped the table; fails otherwise.
(module
  (table $t 1 funcref)
  (func (export "check") (result i32)
    (if (i32.ne (table.grow $t (ref.null func) (i32.const 0x7fffffff)) (i32.const -1))
      (then (return (i32.const 2))))
    ;; up to the cap, 1 + 4096 (instances are reused: the table may be there)
    (if (i32.eq (table.grow $t (ref.null func) (i32.sub (i32.const 4097) (table.size $t))) (i32.const -1))
      (then (return (i32.const 2))))
    (if (i32.ne (table.grow $t (ref.null func) (i32.const 1)) (i32.const -1))
      (then (return (i32.const 2))))
    (i32.const 0)))
