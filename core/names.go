package core

import "github.com/healthlite/healthlite/core/internal/urlquery"

// nameIndex finds a check of a snapshot by its name, given query-escaped,
// in time linear in the name's length: an open-addressing hash table over
// the names, at most half full. Names never change and checks are only
// added, so a snapshot shares the index of the one before it while the
// number of checks stays the same.
type nameIndex struct {
	slots  []int32  // index+1 of a check, 0 for an empty slot
	hashes []uint64 // the hash of the slot's name
}

// newNameIndex indexes the names of checks.
func newNameIndex(checks []CheckState) *nameIndex {
	n := 2
	for n < 2*len(checks) {
		n *= 2
	}
	x := &nameIndex{slots: make([]int32, n), hashes: make([]uint64, n)}
	mask := uint64(n - 1)
	for i := range checks {
		h := hashName(checks[i].Name)
		j := h & mask
		for x.slots[j] != 0 {
			j = (j + 1) & mask
		}
		x.slots[j], x.hashes[j] = int32(i+1), h
	}
	return x
}

// lookup returns the index in checks of the check whose name enc decodes
// to, or -1.
func (x *nameIndex) lookup(checks []CheckState, enc string) int {
	h := hashEscaped(enc)
	mask := uint64(len(x.slots) - 1)
	for j := h & mask; x.slots[j] != 0; j = (j + 1) & mask {
		if x.hashes[j] == h {
			if i := int(x.slots[j] - 1); urlquery.Equal(enc, checks[i].Name) {
				return i
			}
		}
	}
	return -1
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashName hashes a name.
func hashName(name string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(name); i++ {
		h = (h ^ uint64(name[i])) * fnvPrime
	}
	return h
}

// hashEscaped hashes the name enc decodes to, as hashName hashes it.
func hashEscaped(enc string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(enc); {
		var c byte
		c, i = urlquery.DecodeAt(enc, i)
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}
