package wasm

import "fmt"

// checkVectorCounts refuses a module whose vectors declare more elements
// than the bytes that follow could hold. Every element of these vectors takes
// at least one byte, so such a count is a lie, and a costly one: wazero sizes
// its slices from the declared count before it reads the elements, so a
// 26-byte module declaring two billion parameter types made it reserve
// 16 GiB. It checks the top-level vector of every section with one, and the
// parameter and result vectors of the type section. A module whose sections
// are malformed otherwise is left for wazero to reject with its own message.
func checkVectorCounts(b []byte) error {
	b = b[8:] // magic and version, checked by sniff
	for len(b) > 0 {
		id := b[0]
		size, n, ok := readU32(b[1:])
		if !ok || uint64(size) > uint64(len(b)-1-n) {
			return nil
		}
		sec := b[1+n : 1+n+int(size)]
		b = b[1+n+int(size):]
		if id == 0 || id == 8 || id >= 12 { // custom, start, data count (and unknown ids): no vector
			continue
		}
		count, n, ok := readU32(sec)
		if !ok {
			return nil
		}
		sec = sec[n:]
		if uint64(count) > uint64(len(sec)) {
			return fmt.Errorf("section %d declares %d entries in %d bytes", id, count, len(sec))
		}
		if id != 1 {
			continue
		}
		for i := uint32(0); i < count; i++ { // type section: 0x60 params results
			if len(sec) == 0 || sec[0] != 0x60 {
				return nil
			}
			sec = sec[1:]
			for _, what := range [2]string{"parameter", "result"} {
				k, n, ok := readU32(sec)
				if !ok {
					return nil
				}
				sec = sec[n:]
				if uint64(k) > uint64(len(sec)) {
					return fmt.Errorf("type %d declares %d %s types in %d bytes", i, k, what, len(sec))
				}
				sec = sec[k:]
			}
		}
	}
	return nil
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
