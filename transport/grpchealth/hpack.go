package grpchealth

import (
	"bytes"
	"errors"
	"unsafe"

	"golang.org/x/net/http2/hpack"
)

// headerDecoder decodes the header blocks of requests. Representations
// that touch the dynamic table (indexed fields, fields added to the table,
// table size updates) go to x/net's hpack.Decoder, which keeps the table.
// Literals that are not added to the table — which nghttp2-based clients
// (h2load, Envoy, curl) send for :path on every request — are decoded here
// into a scratch buffer that lives until the next block, since the
// Decoder would allocate a string for each. So a steady stream of requests
// allocates nothing, whatever the client indexes.
type headerDecoder struct {
	dec     *hpack.Decoder
	emit    func(hpack.HeaderField)
	maxStr  int
	scratch []byte
	huff    bytes.Buffer
	fields  int // fields emitted in the current block
}

var (
	errHPACKTruncated = errors.New("truncated header field")
	errHPACKInteger   = errors.New("integer overflow")
	errHPACKString    = errors.New("string longer than the header list limit")
	errHPACKSizeLate  = errors.New("dynamic table size update after a field")
)

func newHeaderDecoder(maxStr int, emit func(hpack.HeaderField)) *headerDecoder {
	d := &headerDecoder{emit: emit, maxStr: maxStr}
	d.dec = hpack.NewDecoder(4096, func(f hpack.HeaderField) {
		d.fields++
		d.emit(f)
	})
	d.dec.SetMaxStringLength(maxStr)
	return d
}

// setEmitEnabled turns emitting off (past the header list limit) or on.
func (d *headerDecoder) setEmitEnabled(on bool) { d.dec.SetEmitEnabled(on) }

// decode decodes one whole header block.
func (d *headerDecoder) decode(p []byte) error {
	d.scratch, d.fields = d.scratch[:0], 0
	start := 0 // of the representations not yet given to d.dec
	for i := 0; i < len(p); {
		b := p[i]
		var n int
		var err error
		switch {
		case b&0x80 != 0: // indexed
			n, err = reprLen(p[i:], 7, false)
		case b&0xc0 == 0x40: // literal added to the table
			n, err = reprLen(p[i:], 6, true)
		case b&0xe0 == 0x20: // dynamic table size update
			if d.fields > 0 { // x/net checks the fields it was given itself
				return errHPACKSizeLate
			}
			n, err = reprLen(p[i:], 5, false)
		default: // literal without indexing, or never indexed
			idx, _, ierr := readInt(p[i:], 4)
			if ierr != nil {
				return ierr
			}
			if idx > uint64(len(staticNames)) { // the name is in the dynamic table
				n, err = reprLen(p[i:], 4, true)
				break
			}
			if err := d.flush(p[start:i]); err != nil {
				return err
			}
			if n, err = d.literal(p[i:], b&0x10 != 0); err != nil {
				return err
			}
			i += n
			start = i
			continue
		}
		if err != nil {
			return err
		}
		i += n
	}
	if err := d.flush(p[start:]); err != nil {
		return err
	}
	return d.dec.Close()
}

// flush gives representations to d.dec.
func (d *headerDecoder) flush(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	_, err := d.dec.Write(p)
	return err
}

// literal decodes a literal that is not added to the table and emits it.
func (d *headerDecoder) literal(p []byte, never bool) (int, error) {
	idx, rest, err := readInt(p, 4)
	if err != nil {
		return 0, err
	}
	var name string
	if idx == 0 {
		if name, rest, err = d.str(rest); err != nil {
			return 0, err
		}
	} else {
		name = staticNames[idx-1]
	}
	value, rest, err := d.str(rest)
	if err != nil {
		return 0, err
	}
	d.fields++
	if d.dec.EmitEnabled() {
		d.emit(hpack.HeaderField{Name: name, Value: value, Sensitive: never})
	}
	return len(p) - len(rest), nil
}

// str decodes a string into the scratch buffer; the result is valid until
// the next block.
func (d *headerDecoder) str(p []byte) (string, []byte, error) {
	if len(p) == 0 {
		return "", nil, errHPACKTruncated
	}
	huff := p[0]&0x80 != 0
	n, rest, err := readInt(p, 7)
	if err != nil {
		return "", nil, err
	}
	if n > uint64(len(rest)) {
		return "", nil, errHPACKTruncated
	}
	if n > uint64(d.maxStr) {
		return "", nil, errHPACKString
	}
	raw := rest[:n]
	off := len(d.scratch)
	if huff {
		d.huff.Reset()
		if _, err := hpack.HuffmanDecode(&d.huff, raw); err != nil {
			return "", nil, err
		}
		if d.huff.Len() > d.maxStr {
			return "", nil, errHPACKString
		}
		d.scratch = append(d.scratch, d.huff.Bytes()...)
	} else {
		d.scratch = append(d.scratch, raw...)
	}
	v := d.scratch[off:]
	return unsafe.String(unsafe.SliceData(v), len(v)), rest[n:], nil
}

// readInt reads an HPACK integer with an n-bit prefix (RFC 7541 5.1).
func readInt(p []byte, n uint) (uint64, []byte, error) {
	if len(p) == 0 {
		return 0, nil, errHPACKTruncated
	}
	mask := uint64(1)<<n - 1
	v := uint64(p[0]) & mask
	p = p[1:]
	if v < mask {
		return v, p, nil
	}
	for shift := uint(0); ; shift += 7 {
		if len(p) == 0 {
			return 0, nil, errHPACKTruncated
		}
		if shift >= 63 {
			return 0, nil, errHPACKInteger
		}
		b := p[0]
		p = p[1:]
		v += uint64(b&0x7f) << shift
		if b&0x80 == 0 {
			return v, p, nil
		}
	}
}

// reprLen returns the length of the representation at the front of p: an
// integer with an n-bit prefix, then (strings) a name string when the index
// is 0, and a value string.
func reprLen(p []byte, n uint, strings bool) (int, error) {
	idx, rest, err := readInt(p, n)
	if err != nil || !strings {
		return len(p) - len(rest), err
	}
	count := 1
	if idx == 0 {
		count = 2
	}
	for ; count > 0; count-- {
		l, r, err := readInt(rest, 7)
		if err != nil {
			return 0, err
		}
		if l > uint64(len(r)) {
			return 0, errHPACKTruncated
		}
		rest = r[l:]
	}
	return len(p) - len(rest), nil
}

// staticNames are the names of HPACK's static table (RFC 7541 Appendix A),
// index 1 first.
var staticNames = [...]string{
	":authority", ":method", ":method", ":path", ":path", ":scheme", ":scheme", ":status", ":status",
	":status", ":status", ":status", ":status", ":status", "accept-charset", "accept-encoding",
	"accept-language", "accept-ranges", "accept", "access-control-allow-origin", "age", "allow",
	"authorization", "cache-control", "content-disposition", "content-encoding", "content-language",
	"content-length", "content-location", "content-range", "content-type", "cookie", "date", "etag",
	"expect", "expires", "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range",
	"if-unmodified-since", "last-modified", "link", "location", "max-forwards", "proxy-authenticate",
	"proxy-authorization", "range", "referer", "refresh", "retry-after", "server", "set-cookie",
	"strict-transport-security", "transfer-encoding", "user-agent", "vary", "via", "www-authenticate",
}
