package transporttest

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// noAnswer stands for "the server closed the connection without an answer"
// among the outcomes a test accepts.
const noAnswer = 0

// testHugeHeaders sends 1 MiB of header, as many lines and as one line: the
// server must answer 431 or close the connection, never serve the request.
func testHugeHeaders(t *testing.T, addr string) {
	var lines strings.Builder
	for i := 0; lines.Len() < 1<<20; i++ {
		lines.WriteString("X-Pad-" + strconv.Itoa(i) + ": " + strings.Repeat("p", 48) + "\r\n")
	}
	one := "X-Big: " + strings.Repeat("b", 1<<20) + "\r\n"
	for _, tc := range []struct{ name, header string }{{"ManyLines", lines.String()}, {"OneLine", one}} {
		t.Run(tc.name, func(t *testing.T) {
			raw := "GET /livez HTTP/1.1\r\nHost: localhost\r\n" + tc.header + "\r\n"
			status, _, _, err := roundTrip(t, addr, raw)
			if status != noAnswer && !closedByPeer(err) {
				t.Errorf("1 MiB of header: after the answer %d the connection stayed open (%v)", status, err)
			}
			if status != http.StatusRequestHeaderFieldsTooLarge && status != noAnswer {
				t.Errorf("1 MiB of header: status %d, want 431 or the connection closed", status)
			}
			t.Logf("1 MiB of header (%s): %s", tc.name, outcome(status))
		})
	}
}

// malformed is a request the server must refuse: its raw bytes, and the
// outcomes allowed (a status, or noAnswer). Unless keep is set, the server
// must close the connection after its answer and answer nothing else sent
// on it.
type malformed struct {
	name string
	raw  string
	want []int
	keep bool
}

// refused is the usual outcome allowed for a malformed request: 400, or
// the connection closed.
var refused = []int{http.StatusBadRequest, noAnswer}

var long = strings.Repeat("a", 64<<10)

// smuggled is a request hidden behind a malformed one.
const smuggled = "GET /livez?smuggled HTTP/1.1\r\nHost: t\r\n\r\n"

var malformedRequests = []malformed{
	// Request lines.
	{"HTTP/0.9", "GET /health\r\n", refused, false},
	{"NoVersion", "GET /health \r\nHost: t\r\n\r\n", refused, false},
	{"LowercaseVersion", "GET /health http/1.1\r\nHost: t\r\n\r\n", refused, false},
	{"UnknownVersion", "GET /health HTTP/9.9\r\nHost: t\r\n\r\n", []int{400, 505, noAnswer}, false},
	{"ExtraField", "GET /health HTTP/1.1 extra\r\nHost: t\r\n\r\n", refused, false},
	{"OnlyMethod", "GET\r\n\r\n", refused, false},
	{"EmptyLine", "\r\n\r\n\r\n\r\n", refused, false},
	{"Binary", "\x00\x01\x02\x03\xff\xfe\r\n\r\n", refused, false},
	{"TLSClientHello", "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + strings.Repeat("\x00", 32) + "\r\n\r\n", refused, false},
	// Methods: a well-formed unknown method is the router's 405; a
	// method that is not an HTTP token is malformed.
	{"UnknownMethod", "BREW /health HTTP/1.1\r\nHost: t\r\n\r\n", []int{405}, true},
	{"MethodNotAToken", "G(T /health HTTP/1.1\r\nHost: t\r\n\r\n", refused, false},
	{"MethodWithNUL", "G\x00T /health HTTP/1.1\r\nHost: t\r\n\r\n", refused, false},
	{"EmptyMethod", " /health HTTP/1.1\r\nHost: t\r\n\r\n", refused, false},
	{"LongMethod", long + " /health HTTP/1.1\r\nHost: t\r\n\r\n", []int{400, 414, 431, 501, noAnswer}, false},
	// URIs.
	{"LongPath", "GET /" + long + " HTTP/1.1\r\nHost: t\r\n\r\n", []int{400, 414, 431, noAnswer}, false},
	{"LongQuery", "GET /health?" + long + " HTTP/1.1\r\nHost: t\r\n\r\n", []int{400, 414, 431, noAnswer}, false},
	{"PercentGarbage", "GET /health%zz%%g% HTTP/1.1\r\nHost: t\r\n\r\n", refused, false},
	{"TruncatedPercent", "GET /health% HTTP/1.1\r\nHost: t\r\n\r\n", refused, false},
	{"NULInPath", "GET /hea\x00lth HTTP/1.1\r\nHost: t\r\n\r\n", refused, false},
	{"ControlInPath", "GET /hea\x01lth HTTP/1.1\r\nHost: t\r\n\r\n", refused, false},
	{"NULInQuery", "GET /health?a=\x00 HTTP/1.1\r\nHost: t\r\n\r\n", refused, false},
	{"NoLeadingSlash", "GET health HTTP/1.1\r\nHost: t\r\n\r\n", refused, false},
	// An encoded NUL or invalid UTF-8 is well-formed: no such path.
	{"EncodedNUL", "GET /health%00 HTTP/1.1\r\nHost: t\r\n\r\n", []int{400, 404}, true},
	{"EncodedInvalidUTF8", "GET /%ff%fe%80 HTTP/1.1\r\nHost: t\r\n\r\n", []int{400, 404}, true},
	// Header fields.
	{"HeaderWithoutColon", "GET /health HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n", refused, false},
	{"SpaceBeforeColon", "GET /health HTTP/1.1\r\nHost : t\r\n\r\n", refused, false},
	{"NULInHeader", "GET /health HTTP/1.1\r\nHost: t\r\nX-A: a\x00b\r\n\r\n", refused, false},
	{"NegativeLength", "GET /health HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", refused, false},
	{"LengthNotANumber", "GET /health HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n", refused, false},
	{"LengthOverflow", "GET /health HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\n", []int{400, 413, noAnswer}, false},
	// Other protocols on the HTTP port.
	{"HTTP2Preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", []int{400, 505, noAnswer}, false},
	{"Connect", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", []int{400, 404, 405}, true},
	// Probes carry no body: one announced over the cap is refused before
	// it is sent, and a chunked one is refused.
	{"ExpectContinueOverCap", "POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n", []int{413}, false},
	{"ChunkedBody", "POST /health HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", []int{413}, false},
	// Request smuggling: a body length given twice, or in two ways, with
	// a second request behind that must not be answered. A server may
	// refuse, or frame the body by Transfer-Encoding alone, answer, and
	// close the connection (RFC 9112, section 6.3).
	{"TwoLengths", "POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx" + smuggled, []int{400, 413, noAnswer}, false},
	{"LengthAndChunked", "POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, []int{400, 405, 413, 501, noAnswer}, false},
	{"ChunkedAndLength", "POST /health HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n" + smuggled, []int{400, 405, 413, 501, noAnswer}, false},
	{"UnknownTransferEncoding", "POST /health HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, identity\r\n\r\n" + smuggled, []int{400, 413, 501, noAnswer}, false},
}

// testMalformed sends each malformed request on a new connection and checks
// the outcome; the suite then checks that the server still answers.
func testMalformed(t *testing.T, addr string) {
	for _, m := range malformedRequests {
		t.Run(m.name, func(t *testing.T) {
			status, body, rest, err := roundTrip(t, addr, m.raw)
			if !slices.Contains(m.want, status) {
				var want []string
				for _, s := range m.want {
					want = append(want, outcome(s))
				}
				t.Errorf("%q: %s, want %s\n%s", clip(m.raw), outcome(status), strings.Join(want, " or "), body)
			}
			if !m.keep && status != noAnswer {
				if !closedByPeer(err) {
					t.Errorf("%q: after the answer %d the connection stayed open (%v)", clip(m.raw), status, err)
				} else if len(rest) > 0 {
					t.Errorf("%q: after the answer %d the server sent more:\n%s", clip(m.raw), status, rest)
				}
			}
			t.Logf("%s: %s", m.name, outcome(status))
		})
	}
}

// roundTrip sends raw on a new connection, while reading, and returns the
// status of the first answer, or noAnswer when the connection ended without
// one, the answer's body, and what the server sent after it until the
// connection ended (or a short wait passed: err is then a timeout).
func roundTrip(t *testing.T, addr, raw string) (status int, body string, rest []byte, err error) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	// The server may close before it has read it all: write errors are
	// expected, and a concurrent write cannot block the read.
	go io.WriteString(c, raw)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, &http.Request{Method: "GET"})
	if err != nil {
		if !closedByPeer(err) && !isUnexpectedEOF(err) {
			t.Fatalf("%q: no answer and the connection still open: %v", clip(raw), err)
		}
		return noAnswer, "", nil, nil
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	resp.Body.Close()
	c.SetReadDeadline(time.Now().Add(20 * quickTimeout))
	rest, err = io.ReadAll(br)
	return resp.StatusCode, string(b), rest, err
}

func isUnexpectedEOF(err error) bool {
	return err == io.ErrUnexpectedEOF || strings.Contains(err.Error(), "unexpected EOF")
}

func outcome(status int) string {
	if status == noAnswer {
		return "closed without an answer"
	}
	return strconv.Itoa(status)
}

// clip shortens a raw request for a message.
func clip(raw string) string {
	if len(raw) > 60 {
		return raw[:60] + "…(" + strconv.Itoa(len(raw)) + " bytes)"
	}
	return raw
}
