package wasmbin

import "fmt"

// CompileCaps bound what compiling a module may cost the host. wazero
// compiles every function to machine code before the first run, in host
// memory that MemoryLimitPages does not cover and with no way to stop it
// midway: a 31.8 MB module of 5.3 million empty functions took 39 s of CPU
// and 2.4 GB. The cost grows with the number of functions (~300 bytes
// each), with the code's size (20–65 bytes of host memory per byte of
// code, by its kind) and, in CPU, faster than linearly with one function's
// size. See "Compile cost" in wasm/README.md for the measurements.
type CompileCaps struct {
	Functions    uint32 // functions the module defines
	Code         uint32 // bytes of the code section
	FunctionSize uint32 // bytes of one function body
}

// CheckCompileCost refuses a module whose code exceeds caps, before wazero
// compiles it. It runs first of the loader's checks, so that refusing a
// module of millions of functions costs one pass over their sizes; a size
// that does not fit in the module ends the pass, for CheckDeclaredSizes to
// refuse.
func CheckCompileCost(b []byte, caps CompileCaps) error {
	r := sections(b)
	for len(r.b) > 0 && !r.bad {
		id := r.byte()
		size := r.u32()
		if id != 10 || r.bad || uint64(size) > uint64(len(r.b)) {
			r.skip(uint64(size))
			continue
		}
		if size > caps.Code {
			return fmt.Errorf("its code is %d bytes, over the cap of %d (MaxCodeSize, max-code-size); compiling takes up to ~65 bytes of host memory per byte of code", size, caps.Code)
		}
		code := reader{b: r.b[:size]}
		n := code.u32()
		if uint64(n) > uint64(len(code.b)) {
			return nil // a lie, for CheckDeclaredSizes to refuse
		}
		if n > caps.Functions {
			return fmt.Errorf("it defines %d functions, over the cap of %d (MaxFunctions, max-functions); compiling takes host memory for each", n, caps.Functions)
		}
		for i := uint32(0); i < n && !code.bad; i++ {
			body := code.u32()
			if uint64(body) > uint64(len(code.b)) {
				return nil
			}
			if body > caps.FunctionSize {
				return fmt.Errorf("function body %d is %d bytes, over the cap of %d (MaxFunctionSize, max-function-size); compile time grows faster than a function's size", i, body, caps.FunctionSize)
			}
			code.skip(uint64(body))
		}
		return nil
	}
	return nil
}
