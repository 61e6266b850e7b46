package wasmbin

import (
	"strings"
	"testing"
)

// TestDeclaredSizesRefusesLies: every count and size wazero would allocate
// from is checked against the bytes that follow; a 26-byte module declaring
// two billion parameter types (a fuzz find) made wazero reserve 16 GiB.
func TestDeclaredSizesRefusesLies(t *testing.T) {
	for name, tc := range map[string]struct {
		module []byte
		want   string
	}{
		"parameters": {[]byte("\x00asm\x01\x00\x00\x00\x01\n\x02`\x80\xfe\xff\xff\aA\xe8\xe1\xe1\xe1\xe1\xe1a"), "type 0 declares 2147483392 parameter types in 3 bytes"},
		"results":    {[]byte("\x00asm\x01\x00\x00\x00\x01\x09\x01\x60\x00\xff\xff\xff\xff\x0f\x7f"), "declares 4294967295 result types in 1 bytes"},
		"imports":    {[]byte("\x00asm\x01\x00\x00\x00\x02\x06\xff\xff\xff\xff\x0f\x00"), "section 2 declares 4294967295 entries in 1 bytes"},
		"locals": {[]byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x0a\x0a\x01\x08\x01\xff\xff\xff\xff\x0f\x7f\x0b"),
			"function body 0 declares 4294967295 locals; at most 50000 are accepted"},
		"body size":        {[]byte("\x00asm\x01\x00\x00\x00\x0a\x06\x01\xff\xff\xff\xff\x0f"), "function body 0 declares 4294967295 bytes, but 0 follow"},
		"data":             {[]byte("\x00asm\x01\x00\x00\x00\x0b\x07\x01\x01\xff\xff\xff\xff\x0f"), "data segment 0 declares 4294967295 bytes in 0 bytes"},
		"element":          {[]byte("\x00asm\x01\x00\x00\x00\x09\x08\x01\x01\x00\xff\xff\xff\xff\x0f"), "element segment 0 declares 4294967295 function indexes in 0 bytes"},
		"element exprs":    {[]byte("\x00asm\x01\x00\x00\x00\x09\x08\x01\x05\x70\xff\xff\xff\xff\x0f"), "element segment 0 declares 4294967295 expressions in 0 bytes"},
		"custom size":      {[]byte("\x00asm\x01\x00\x00\x00\x00\xff\xff\xff\xff\x0f\x01x"), "section 0 declares 4294967295 bytes, but 2 follow"},
		"import name":      {[]byte("\x00asm\x01\x00\x00\x00\x02\x06\x01\xff\xff\xff\xff\x0f"), "an import's module name declares 4294967295 bytes in 0"},
		"export name":      {[]byte("\x00asm\x01\x00\x00\x00\x07\x06\x01\xff\xff\xff\xff\x0f"), "an export's name declares 4294967295 bytes in 0"},
		"function names":   {[]byte("\x00asm\x01\x00\x00\x00\x00\x0c\x04name\x01\x05\xff\xff\xff\xff\x0f"), "function names declares 4294967295 names in 0 bytes"},
		"local names":      {[]byte("\x00asm\x01\x00\x00\x00\x00\x0e\x04name\x02\x07\x01\x00\xff\xff\xff\xff\x0f"), "a function's local names declares 4294967295 names in 0 bytes"},
		"across sections":  {[]byte("\x00asm\x01\x00\x00\x00\x01\n\x02`\x02\x7f\x7f\x00`\x80\xfe\xff\xff\aA\xe8\a\x10\x00A\x00i"), "section 1 is truncated or malformed"},
		"locals past body": {[]byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00\x0a\x05\x01\x03\x01\xff\xff\x00\x06\x05\xff\xff\xff\xff\x0f"), "section 10 is truncated or malformed"},
		"name subsection":  {[]byte("\x00asm\x01\x00\x00\x00\x00\x0b\x04name\x00\xff\xff\xff\xff\x0f"), "name subsection 0 declares 4294967295 bytes, but 0 follow"},
	} {
		t.Run(name, func(t *testing.T) {
			err := CheckDeclaredSizes(tc.module)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one naming %q", err, tc.want)
			}
		})
	}
}
