// Package wasmtest builds small WebAssembly modules byte by byte for tests
// of the code that loads them: modules of a chosen number and size of
// functions, to reach compile caps and compile times, without a toolchain.
package wasmtest

import "encoding/binary"

// Reactor returns a reactor module that exports check, () -> i32,
// returning 0, and defines n more functions () -> (), each with body: a
// function body as the code section holds it (its locals, then its code,
// ending with 0x0b), such as []byte{0, 0x0b} for an empty one.
func Reactor(n int, body []byte) []byte {
	m := []byte("\x00asm\x01\x00\x00\x00")
	m = section(m, 1, []byte{2, 0x60, 0, 1, 0x7f, 0x60, 0, 0}) // () -> i32, () -> ()
	funcs := binary.AppendUvarint(nil, uint64(n+1))
	funcs = append(funcs, 0)
	for range n {
		funcs = append(funcs, 1)
	}
	m = section(m, 3, funcs)
	m = section(m, 7, []byte{1, 5, 'c', 'h', 'e', 'c', 'k', 0, 0})
	code := binary.AppendUvarint(nil, uint64(n+1))
	code = append(code, 4, 0, 0x41, 0, 0x0b) // check: i32.const 0
	for range n {
		code = binary.AppendUvarint(code, uint64(len(body)))
		code = append(code, body...)
	}
	return section(m, 10, code)
}

// Nops returns a function body of no locals and n nop instructions.
func Nops(n int) []byte {
	body := make([]byte, n+2)
	for i := 1; i <= n; i++ {
		body[i] = 0x01
	}
	body[n+1] = 0x0b
	return body
}

// section appends a section of id holding content to m.
func section(m []byte, id byte, content []byte) []byte {
	m = append(m, id)
	m = binary.AppendUvarint(m, uint64(len(content)))
	return append(m, content...)
}
