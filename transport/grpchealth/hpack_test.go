package grpchealth

import (
	"bytes"
	"testing"

	"golang.org/x/net/http2/hpack"
)

// decodeBoth decodes blocks in order with headerDecoder and with x/net's
// Decoder alone, and fails when they disagree on a field or on an error
// (but for a size update after a field, which headerDecoder always refuses).
func decodeBoth(t *testing.T, blocks [][]byte) {
	t.Helper()
	var mine, theirs []hpack.HeaderField
	d := newHeaderDecoder(16<<10, func(f hpack.HeaderField) {
		f.Name, f.Value = string([]byte(f.Name)), string([]byte(f.Value)) // copy out of the scratch buffer
		mine = append(mine, f)
	})
	x := hpack.NewDecoder(4096, func(f hpack.HeaderField) { theirs = append(theirs, f) })
	x.SetMaxStringLength(16 << 10)
	for i, b := range blocks {
		mine, theirs = mine[:0], theirs[:0]
		err := d.decode(b)
		_, xerr := x.Write(b)
		if xerr == nil {
			xerr = x.Close()
		}
		if err == errHPACKSizeLate && xerr == nil {
			return // stricter than x/net, which lets it pass while its table is empty; RFC 7541 4.2 refuses it
		}
		if (err == nil) != (xerr == nil) {
			t.Fatalf("block %d % x: mine %v, x/net %v", i, b, err, xerr)
		}
		if err != nil {
			return // the connection ends: later blocks mean nothing
		}
		if len(mine) != len(theirs) {
			t.Fatalf("block %d % x: %d fields, x/net %d", i, b, len(mine), len(theirs))
		}
		for j := range mine {
			if mine[j] != theirs[j] {
				t.Fatalf("block %d field %d: %+v, x/net %+v", i, j, mine[j], theirs[j])
			}
		}
	}
}

// encodeFields encodes fields with enc, as a client would.
func encodeFields(enc *hpack.Encoder, buf *bytes.Buffer, fields ...hpack.HeaderField) []byte {
	buf.Reset()
	for _, f := range fields {
		enc.WriteField(f)
	}
	return bytes.Clone(buf.Bytes())
}

func TestHeaderDecoderMatchesXNet(t *testing.T) {
	var buf bytes.Buffer
	enc := hpack.NewEncoder(&buf)
	req := []hpack.HeaderField{{Name: ":method", Value: "POST"}, {Name: ":scheme", Value: "http"},
		{Name: ":path", Value: "/grpc.health.v1.Health/Check", Sensitive: true}, {Name: ":authority", Value: "localhost:8080"},
		{Name: "content-type", Value: "application/grpc"}, {Name: "x-new-name", Value: "v", Sensitive: true}, {Name: "te", Value: "trailers"}}
	blocks := [][]byte{encodeFields(enc, &buf, req...), encodeFields(enc, &buf, req...)}
	// Literals without indexing by hand: static name, new name, Huffman and
	// raw values, and a name from the dynamic table (index 62).
	blocks = append(blocks,
		[]byte{0x04, 0x02, '/', 'x'},
		append([]byte{0x00, 0x03, 'a', 'b', 'c', 0x81}, hpack.AppendHuffmanString(nil, "z")...),
		[]byte{0x0f, 0x2f, 0x01, 'q'},
		[]byte{0x20},                  // a size update at the start: fine
		[]byte{0x04, 0x01, '/', 0x20}, // after a field: refused (RFC 7541 4.2)
	)
	decodeBoth(t, blocks)
}

// FuzzHeaderDecoder: any sequence of blocks decodes as x/net's Decoder
// alone decodes it, field for field and error for error.
func FuzzHeaderDecoder(f *testing.F) {
	var buf bytes.Buffer
	enc := hpack.NewEncoder(&buf)
	f.Add(encodeFields(enc, &buf, hpack.HeaderField{Name: ":path", Value: "/a", Sensitive: true}, hpack.HeaderField{Name: "x", Value: "y"}), []byte{0xbe, 0x04, 0x01, 'b'})
	f.Add([]byte{0x10, 0x01, 'n', 0x01, 'v'}, []byte{0x3f, 0xe1, 0x1f})
	f.Add([]byte{0x40, 0x01, 'n', 0x01, 'v', 0x0f, 0x2f, 0x00}, []byte{0xbe})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		decodeBoth(t, [][]byte{a, b})
	})
}
