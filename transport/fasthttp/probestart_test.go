package fasthttp

import "testing"

// TestProbeStartHandsOffAtOnce: bytes that cannot start a probe go to
// fasthttp at the first byte that says so, not after a line end that a TLS
// handshake or a binary protocol never sends; a prefix of GET or HEAD waits.
func TestProbeStartHandsOffAtOnce(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want probeState
	}{
		{"G", probeIncomplete},
		{"GET", probeIncomplete},
		{"GET /", probeIncomplete},
		{"HEA", probeIncomplete},
		{"HEAD /x", probeIncomplete},
		{"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", probeOther}, // a TLS ClientHello
		{"POST", probeOther},
		{"GETX", probeOther},
		{"get ", probeOther},
		{"HEADER", probeOther},
		{"PRI * HTTP/2.0", probeOther},
	} {
		if _, _, st := readProbe([]byte(tc.in), 8192); st != tc.want {
			t.Errorf("readProbe(%q) = %v, want %v", tc.in, st, tc.want)
		}
	}
}
