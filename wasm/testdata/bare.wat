;; The smallest reactor: check returns pass. The benchmarks call it through
;; the loader and through bare wazero, to measure the loader's overhead.
(module
  (memory (export "memory") 1)
  (func (export "check") (result i32) (i32.const 0)))
