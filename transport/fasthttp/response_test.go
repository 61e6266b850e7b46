package fasthttp

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
)

// testDate is the Date the tests give appendResponse.
var testDate = appendDate(nil, time.Date(2026, 12, 2, 14, 26, 8, 0, time.UTC))

// readResponses appends the answers to each of resps (HEAD when head[i])
// after a prefix, and reads them back with net/http's response reader, one
// after the other as a client of a pipelined connection does; the prefix
// must be kept, and nothing may be left over.
func readResponses(t *testing.T, resps []core.Response, head []bool, close []bool) ([]*http.Response, [][]byte) {
	t.Helper()
	prefix := []byte("kept")
	b := append([]byte(nil), prefix...)
	for i := range resps {
		b = appendResponse(b, &resps[i], head[i], close[i], testDate)
	}
	if !bytes.HasPrefix(b, prefix) {
		t.Fatalf("appendResponse overwrote dst: %q", b)
	}
	br := bufio.NewReader(bytes.NewReader(b[len(prefix):]))
	var out []*http.Response
	var bodies [][]byte
	for i := range resps {
		method := "GET"
		if head[i] {
			method = "HEAD"
		}
		r, err := http.ReadResponse(br, &http.Request{Method: method})
		if err != nil {
			t.Fatalf("answer %d in %q: %v", i, b, err)
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Fatalf("answer %d in %q: body: %v", i, b, err)
		}
		out, bodies = append(out, r), append(bodies, body)
	}
	if rest, _ := io.ReadAll(br); len(rest) > 0 {
		t.Fatalf("%q left over after the answers in %q", rest, b)
	}
	return out, bodies
}

func TestResponseAppend(t *testing.T) {
	body := []byte(`{"status":"pass"}` + "\n")
	for _, tc := range []struct {
		name          string
		resp          core.Response
		head, close   bool
		wantBody      string
		wantLength    int64 // -1: no Content-Length header
		wantStatusMsg string
	}{
		{"200", core.Response{Status: 200, ContentType: "application/health+json", Body: body,
			Headers: []core.Header{{Key: "Cache-Control", Value: "no-store"}, {Key: "X-Extra", Value: "1"}}},
			false, false, string(body), int64(len(body)), "200 OK"},
		{"503-close", core.Response{Status: 503, ContentType: "text/plain; charset=utf-8", Body: []byte("unavailable\n")},
			false, true, "unavailable\n", 12, "503 Service Unavailable"},
		{"head", core.Response{Status: 200, ContentType: "text/plain", Body: body}, true, false, "", int64(len(body)), "200 OK"},
		{"head-close", core.Response{Status: 404, ContentType: "text/plain", Body: []byte("not found\n")}, true, true, "", 10, "404 Not Found"},
		{"empty-body", core.Response{Status: 200}, false, false, "", 0, "200 OK"},
		{"204", core.Response{Status: 204, Body: []byte("dropped")}, false, false, "", -1, "204 No Content"},
		{"304", core.Response{Status: 304, ContentType: "text/plain", Body: []byte("dropped")}, false, true, "", -1, "304 Not Modified"},
		{"304-head", core.Response{Status: 304, Body: []byte("dropped")}, true, false, "", -1, "304 Not Modified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Twice on one connection: the first answer must end where it says.
			resps := []core.Response{tc.resp, tc.resp}
			rs, bodies := readResponses(t, resps, []bool{tc.head, tc.head}, []bool{false, tc.close})
			for i, r := range rs {
				if r.Status != tc.wantStatusMsg || r.Proto != "HTTP/1.1" {
					t.Errorf("answer %d: status line %q %q, want HTTP/1.1 %q", i, r.Proto, r.Status, tc.wantStatusMsg)
				}
				if got := r.Header.Get("Date"); got != string(testDate) {
					t.Errorf("answer %d: Date %q, want %q", i, got, testDate)
				}
				if got := r.Header.Get("Content-Type"); got != tc.resp.ContentType {
					t.Errorf("answer %d: Content-Type %q, want %q", i, got, tc.resp.ContentType)
				}
				if _, ok := r.Header["Content-Type"]; !ok && tc.resp.ContentType != "" || ok && tc.resp.ContentType == "" {
					t.Errorf("answer %d: Content-Type header present %v, want %v", i, ok, tc.resp.ContentType != "")
				}
				for _, h := range tc.resp.Headers {
					if got := r.Header.Values(h.Key); len(got) != 1 || got[0] != h.Value {
						t.Errorf("answer %d: %s %q, want %q", i, h.Key, got, h.Value)
					}
				}
				cl, hasCL := r.Header["Content-Length"]
				switch {
				case tc.wantLength < 0 && hasCL:
					t.Errorf("answer %d: Content-Length %q on a %d answer", i, cl, tc.resp.Status)
				case tc.wantLength >= 0 && (len(cl) != 1 || cl[0] != strconv.FormatInt(tc.wantLength, 10)):
					t.Errorf("answer %d: Content-Length %q, want %d", i, cl, tc.wantLength)
				}
				if string(bodies[i]) != tc.wantBody {
					t.Errorf("answer %d: body %q, want %q", i, bodies[i], tc.wantBody)
				}
				wantClose := i == 1 && tc.close
				if r.Close != wantClose {
					t.Errorf("answer %d: Close %v, want %v", i, r.Close, wantClose)
				}
			}
		})
	}
}

// TestResponseHeadSendsNoBody checks the bytes themselves: net/http's
// reader would not notice a body after a HEAD answer until the next one.
func TestResponseHeadSendsNoBody(t *testing.T) {
	for _, tc := range []struct {
		status int
		head   bool
	}{{200, true}, {204, false}, {304, false}, {503, true}} {
		b := appendResponse(nil, &core.Response{Status: tc.status, Body: []byte("BODY")}, tc.head, false, testDate)
		if !bytes.HasSuffix(b, []byte("\r\n\r\n")) || bytes.Contains(b, []byte("BODY")) {
			t.Errorf("status %d, head %v: %q, want a header alone", tc.status, tc.head, b)
		}
	}
}

func TestResponseDate(t *testing.T) {
	at := time.Date(2026, 3, 1, 23, 4, 5, 0, time.FixedZone("CET", 3600))
	got := appendDate([]byte("x"), at)
	if string(got) != "xSun, 01 Mar 2026 22:04:05 GMT" {
		t.Fatalf("appendDate = %q", got)
	}
	if parsed, err := http.ParseTime(string(got[1:])); err != nil || !parsed.Equal(at) {
		t.Fatalf("net/http reads %q as %v, %v; want %v", got[1:], parsed, err, at)
	}
}

func TestResponseAllocatesNothing(t *testing.T) {
	resp := core.Response{Status: 200, ContentType: "text/plain", Body: []byte("ok\n"), Headers: []core.Header{{Key: "A", Value: "b"}}}
	dst := make([]byte, 0, 1024)
	if n := testing.AllocsPerRun(100, func() { dst = appendResponse(dst[:0], &resp, false, true, testDate) }); n != 0 {
		t.Errorf("appendResponse into a large enough buffer: %v allocations, want 0", n)
	}
}
