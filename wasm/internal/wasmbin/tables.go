package wasmbin

import (
	"encoding/binary"
	"fmt"
)

const (
	// maxTableElements bounds the elements of all a module's tables
	// together, as declared: 1 Mi references, 8 MiB. Real checks need a few
	// thousand (a Go guest's one table holds one per function: ~6,000).
	maxTableElements = 1 << 20
	// maxTableGrowth is how far table.grow may take a table past its
	// declared minimum.
	maxTableGrowth = 1 << 12
)

// CapTables gives every table of the module a maximum, so that a guest
// cannot grow the host's memory with table.grow: wazero honours a table's
// declared maximum, and without one it grows a table as far as asked, in
// host memory that MemoryLimitPages does not cover — one table.grow of two
// billion elements took 16 GiB of the host. A table's maximum becomes the
// smaller of what it declares and its minimum plus maxTableGrowth (Go
// guests declare none; table.grow past it returns -1, as the specification
// allows), and a module whose tables declare more than maxTableElements in
// all is refused. The module is returned rewritten only when a maximum
// changed; CheckDeclaredSizes has read it already.
func CapTables(b []byte) ([]byte, error) {
	r := sections(b)
	for len(r.b) > 0 && !r.bad {
		id := r.byte()
		sizeAt := len(b) - len(r.b)
		var content []byte
		changed := false
		err := r.sized(fmt.Sprintf("section %d", id), func(sec *reader) (err error) {
			if id == 4 {
				content, changed, err = sec.capTableSection()
			}
			return err
		})
		if err != nil {
			return b, err
		}
		if changed {
			out := make([]byte, 0, len(b)+len(content))
			out = append(out, b[:sizeAt]...)
			out = binary.AppendUvarint(out, uint64(len(content)))
			out = append(out, content...)
			return append(out, r.b...), nil
		}
	}
	return b, nil
}

// capTableSection reads the table section and returns it re-encoded with
// every table's maximum set, and whether any maximum changed.
func (r *reader) capTableSection() (content []byte, changed bool, err error) {
	n := r.u32()
	content = binary.AppendUvarint(nil, uint64(n))
	var total uint64
	for i := uint32(0); i < n && !r.bad; i++ {
		refType := r.byte()
		flags := r.byte()
		if flags > 1 || (refType != 0x70 && refType != 0x6f) { // 64-bit, shared or typed tables: wazero refuses them
			return nil, false, nil
		}
		min := r.u32()
		max, hasMax := uint32(0), flags == 1
		if hasMax {
			max = r.u32()
		}
		if r.bad {
			return nil, false, nil
		}
		total += uint64(min)
		if total > maxTableElements {
			return nil, false, fmt.Errorf("tables declare more than %d elements in all (table %d has %d); healthlite accepts at most %d", maxTableElements, i, min, maxTableElements)
		}
		limit := uint64(min) + maxTableGrowth
		if !hasMax || uint64(max) > limit {
			max, changed = uint32(limit), true
		}
		content = append(content, refType, 1)
		content = binary.AppendUvarint(content, uint64(min))
		content = binary.AppendUvarint(content, uint64(max))
	}
	if r.bad || len(r.b) != 0 {
		return nil, false, nil // left for wazero to refuse
	}
	return content, changed, nil
}
