package wasmbin

import "fmt"

// reader walks the WebAssembly binary format just far enough for
// CheckDeclaredSizes. It never panics: reading past the end, or meeting an
// encoding it does not know, sets bad, after which every read returns zero
// and CheckDeclaredSizes refuses the module.
type reader struct {
	b   []byte
	bad bool
}

// byte reads one byte.
func (r *reader) byte() byte {
	if r.bad || len(r.b) == 0 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// u32 reads an unsigned LEB128 number of at most 32 bits.
func (r *reader) u32() uint32 {
	if r.bad {
		return 0
	}
	v, n, ok := readU32(r.b)
	if !ok {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

// sleb skips a signed LEB128 number of at most 64 bits.
func (r *reader) sleb() {
	for i := 0; i < 10; i++ {
		if r.byte()&0x80 == 0 {
			return
		}
	}
	r.bad = true
}

// skip skips n bytes.
func (r *reader) skip(n uint64) {
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return
	}
	r.b = r.b[n:]
}

// sized reads a size and has read check that many bytes that follow, in a
// reader of their own, refusing a size larger than what follows. When read
// leaves its reader bad, r is bad too: wazero would have read on past the
// declared size.
func (r *reader) sized(what string, read func(*reader) error) error {
	size := r.u32()
	if r.bad {
		return nil
	}
	if uint64(size) > uint64(len(r.b)) {
		return fmt.Errorf("%s declares %d bytes, but %d follow", what, size, len(r.b))
	}
	sub := reader{b: r.b[:size]}
	r.b = r.b[size:]
	err := read(&sub)
	r.bad = sub.bad
	return err
}

// count reads the length of a vector whose elements take at least min bytes
// each, and refuses one the rest of the section could not hold.
func (r *reader) count(where, what string, min int) (uint32, error) {
	n := r.u32()
	if !r.bad && uint64(n)*uint64(min) > uint64(len(r.b)) {
		return 0, fmt.Errorf("%s declares %d %s in %d bytes", where, n, what, len(r.b))
	}
	return n, nil
}

// name reads a byte string (a name), refusing one longer than what follows.
func (r *reader) name(what string) ([]byte, error) {
	n := r.u32()
	if r.bad {
		return nil, nil
	}
	if uint64(n) > uint64(len(r.b)) {
		return nil, fmt.Errorf("%s declares %d bytes in %d", what, n, len(r.b))
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s, nil
}

// valueType skips a value type: one byte, or a reference type's prefix and
// heap type.
func (r *reader) valueType() {
	if c := r.byte(); c == 0x63 || c == 0x64 {
		r.sleb()
	}
}

// limits skips a table's or memory's limits: flags, minimum, maximum if
// flagged.
func (r *reader) limits() {
	if r.byte()&1 != 0 {
		r.u32()
	}
	r.u32()
}

// constExpr skips a constant expression up to its end opcode.
func (r *reader) constExpr() {
	for !r.bad {
		switch op := r.byte(); op {
		case 0x0b: // end
			return
		case 0x41, 0x42: // i32.const, i64.const
			r.sleb()
		case 0x43: // f32.const
			r.skip(4)
		case 0x44: // f64.const
			r.skip(8)
		case 0x23, 0xd2: // global.get, ref.func
			r.u32()
		case 0xd0: // ref.null heap type
			r.sleb()
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended constant arithmetic
		case 0xfd: // v128.const
			if r.u32() != 12 {
				r.bad = true
			}
			r.skip(16)
		default:
			r.bad = true
		}
	}
}

// readU32 reads an unsigned LEB128 number of at most 32 bits.
func readU32(b []byte) (v uint32, n int, ok bool) {
	var shift uint
	for n < len(b) && n < 5 {
		c := b[n]
		n++
		v |= uint32(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, n, true
		}
		shift += 7
	}
	return 0, n, false
}

// sections returns a reader over the sections of module b: what follows its
// magic number and version (nothing when b is shorter than those).
func sections(b []byte) reader {
	if len(b) < 8 {
		return reader{}
	}
	return reader{b: b[8:]}
}
