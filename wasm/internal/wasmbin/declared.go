package wasmbin

import "fmt"

// maxLocals is the most locals one function may declare: the limit the
// WebAssembly JS API sets for browsers, so a module that runs in a browser
// loads here.
const maxLocals = 50000

// CheckDeclaredSizes refuses a module whose sizes and counts promise more
// than the module holds, before wazero sees it. wazero sizes its slices from
// the declared counts before it reads the elements, so such a lie is costly:
// a 26-byte module declaring two billion parameter types made it reserve
// 16 GiB, and a 41-byte one declaring four billion locals stopped the whole
// process with "fatal error: runtime: out of memory", which no recover
// catches. Every element of a vector takes at least one byte, every byte
// string as many bytes as it declares, and a function may have at most
// maxLocals locals (they are run-length encoded, so only a sum bounds them).
//
// It walks every section whose decoding allocates from a count: each
// section's top-level vector, the types' parameters and results, import and
// export names, element and data segments, function bodies and their locals,
// and the custom "name" section. A section it cannot read to the end within
// its declared size is refused too: wazero reads a section with a reader over
// the whole module and checks the size only afterwards, so a count cut off at
// the end of one section is read on into the next (a fuzz find: 2 GiB of
// parameter types declared across a section boundary).
func CheckDeclaredSizes(b []byte) error {
	r := sections(b)
	for len(r.b) > 0 {
		id := r.byte()
		if err := r.sized(fmt.Sprintf("section %d", id), func(sec *reader) error { return sec.section(id) }); err != nil {
			return err
		}
		if r.bad {
			return fmt.Errorf("section %d is truncated or malformed", id)
		}
	}
	return nil
}

// section checks the content of one section.
func (r *reader) section(id byte) error {
	if id == 0 {
		return r.custom()
	}
	if id == 8 || id == 12 || id > 13 { // start, data count, unknown: no vector
		return nil
	}
	n, err := r.count(fmt.Sprintf("section %d", id), "entries", 1)
	if err != nil {
		return err
	}
	for i := uint32(0); i < n && !r.bad; i++ {
		switch id {
		case 1:
			err = r.funcType(i)
		case 2:
			err = r.importEntry()
		case 7:
			err = r.exportEntry()
		case 9:
			err = r.elementSegment(i)
		case 10:
			err = r.functionBody(i)
		case 11:
			err = r.dataSegment(i)
		default: // function, table, memory, global, tag: fixed-size entries
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) funcType(i uint32) error {
	if r.byte() != 0x60 {
		r.bad = true // not a function type: the module is refused as malformed
		return nil
	}
	for _, what := range [2]string{"parameter types", "result types"} {
		k, err := r.count(fmt.Sprintf("type %d", i), what, 1)
		if err != nil {
			return err
		}
		for j := uint32(0); j < k && !r.bad; j++ {
			r.valueType()
		}
	}
	return nil
}

func (r *reader) importEntry() error {
	if _, err := r.name("an import's module name"); err != nil {
		return err
	}
	if _, err := r.name("an import's name"); err != nil {
		return err
	}
	switch r.byte() {
	case 0: // function: type index
		r.u32()
	case 1: // table: reference type, limits
		r.valueType()
		r.limits()
	case 2: // memory
		r.limits()
	case 3: // global: value type, mutability
		r.valueType()
		r.byte()
	case 4: // tag: attribute, type index
		r.byte()
		r.u32()
	default:
		r.bad = true
	}
	return nil
}

func (r *reader) exportEntry() error {
	if _, err := r.name("an export's name"); err != nil {
		return err
	}
	r.byte()
	r.u32()
	return nil
}

func (r *reader) elementSegment(i uint32) error {
	flags := r.u32()
	if flags > 7 {
		r.bad = true
		return nil
	}
	if flags&3 == 2 { // explicit table index
		r.u32()
	}
	if flags&1 == 0 { // active: offset expression
		r.constExpr()
	}
	if flags&3 != 0 { // element kind or reference type
		r.valueType()
	}
	what := fmt.Sprintf("element segment %d", i)
	if flags&4 == 0 {
		n, err := r.count(what, "function indexes", 1)
		for j := uint32(0); j < n && !r.bad; j++ {
			r.u32()
		}
		return err
	}
	n, err := r.count(what, "expressions", 1)
	for j := uint32(0); j < n && !r.bad; j++ {
		r.constExpr()
	}
	return err
}

func (r *reader) functionBody(i uint32) error {
	what := fmt.Sprintf("function body %d", i)
	return r.sized(what, func(body *reader) error {
		decls, err := body.count(what, "local declarations", 2)
		if err != nil {
			return err
		}
		var locals uint64
		for j := uint32(0); j < decls && !body.bad; j++ {
			locals += uint64(body.u32())
			body.valueType()
		}
		if locals > maxLocals {
			return fmt.Errorf("%s declares %d locals; at most %d are accepted (the limit browsers apply)", what, locals, maxLocals)
		}
		return nil
	})
}

func (r *reader) dataSegment(i uint32) error {
	switch r.u32() {
	case 0: // active, memory 0
		r.constExpr()
	case 1: // passive
	case 2: // active, explicit memory
		r.u32()
		r.constExpr()
	default:
		r.bad = true
		return nil
	}
	n, err := r.count(fmt.Sprintf("data segment %d", i), "bytes", 1)
	r.skip(uint64(n))
	return err
}

// custom checks the "name" section, the only custom section wazero decodes.
func (r *reader) custom() error {
	name, err := r.name("a custom section's name")
	if err != nil || r.bad || string(name) != "name" {
		return err
	}
	for len(r.b) > 0 && !r.bad {
		id := r.byte()
		err := r.sized(fmt.Sprintf("name subsection %d", id), func(sub *reader) error {
			switch id {
			case 0: // module name
				_, err := sub.name("the module name")
				return err
			case 1: // function names
				return sub.nameMap("function names")
			case 2: // local names: function index, then a name map
				n, err := sub.count("the local names", "functions", 2)
				for j := uint32(0); j < n && err == nil && !sub.bad; j++ {
					sub.u32()
					err = sub.nameMap("a function's local names")
				}
				return err
			}
			sub.b = nil // other subsections: wazero skips them by size
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// nameMap checks a vector of (index, name) pairs.
func (r *reader) nameMap(what string) error {
	n, err := r.count(what, "names", 2)
	for j := uint32(0); j < n && err == nil && !r.bad; j++ {
		r.u32()
		_, err = r.name(what)
	}
	return err
}
