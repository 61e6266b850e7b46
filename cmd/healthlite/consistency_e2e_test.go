package main

import (
	"bufio"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/tcptest"
)

// rawGet sends raw on a new connection to addr and returns the status,
// Content-Type and body of the answer (status 0 when the connection ended
// without one).
func rawGet(t *testing.T, addr, raw string) (int, string, string) {
	t.Helper()
	c := tcptest.Dial(t, addr)
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, "", err.Error()
	}
	defer resp.Body.Close()
	var b strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&b)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b.String()
}

// failedSince is the time a verbose line gives since a check failed.
var failedSince = regexp.MustCompile(`since \d\d:\d\d:\d\dZ`)

// TestTransportsAnswerAlike sends the requests the two transports used to
// answer differently to the binary on each transport: paths that name an
// endpoint only after normalisation (404 on both), a percent-encoded
// ?format= (decoded on both), absolute-form targets (the target's
// authority, not the Host header, decides locality on both), a header name
// with a space (400 on both). Each answer is also compared between the two.
func TestTransportsAnswerAlike(t *testing.T) {
	closed := strconv.Itoa(tcptest.FreePort(t))
	requests := []struct {
		raw    string
		status int
		body   string // the body contains it; "!" first: does not
	}{
		{"GET //health HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, ""},
		{"GET /./health HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, ""},
		{"GET /x/../health HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, ""},
		{"GET /readyz/..%2fhealthz HTTP/1.1\r\nHost: localhost\r\n\r\n", 404, ""},
		{"GET /%68ealth HTTP/1.1\r\nHost: localhost\r\n\r\n", 503, `"down":"fail"`},
		{"GET /metrics?format=%70rometheus HTTP/1.1\r\nHost: localhost\r\n\r\n", 200, "# TYPE healthlite_check_up gauge"},
		{"GET http://127.0.0.1/readyz/down?verbose HTTP/1.1\r\nHost: rebind.example\r\n\r\n", 503, "refused"},
		{"GET http://rebind.example/readyz/down?verbose HTTP/1.1\r\nHost: localhost\r\n\r\n", 503, "!refused"},
		{"GET /health HTTP/1.1\r\nHost: localhost\r\nX Foo: bar\r\n\r\n", 400, ""},
	}
	answers := map[string][]string{}
	for _, transport := range []string{"fasthttp", "loop", "stdlib"} {
		_, base := serveOn(t, nil, "--transport", transport, "--check", "down=tcp:127.0.0.1:"+closed+",interval=1h")
		addr := strings.TrimPrefix(base, "http://")
		eventually(t, 20*time.Second, "the check has run", func() bool {
			_, body := get(t, base+"/health")
			return strings.Contains(body, `"down":"fail"`)
		})
		for _, r := range requests {
			status, ctype, body := rawGet(t, addr, r.raw)
			line := r.raw[:strings.Index(r.raw, "\r\n\r\n")]
			want, absent := r.body, false
			if strings.HasPrefix(want, "!") {
				want, absent = want[1:], true
			}
			if status != r.status || strings.Contains(body, want) == absent {
				t.Errorf("%s: %q: %d %q, want %d and a body that %s %q", transport, line, status, body, r.status, map[bool]string{false: "contains", true: "lacks"}[absent], want)
			}
			if strings.Contains(line, "%70rometheus") && !strings.HasPrefix(ctype, "text/plain; version=0.0.4") {
				t.Errorf("%s: ?format=%%70rometheus answered %q, want the Prometheus text format", transport, ctype)
			}
			if status == 400 || strings.Contains(line, "/metrics") {
				body = "" // each words its 400 its own way; metrics count each server's own probes
			}
			// Each server's check failed at its own time: the two may
			// differ by a second.
			body = failedSince.ReplaceAllString(body, "since HH:MM:SSZ")
			answers[line] = append(answers[line], strconv.Itoa(status)+" "+ctype+"\n"+body)
		}
	}
	for line, a := range answers {
		if len(a) == 2 && a[0] != a[1] {
			t.Errorf("%q: fasthttp answered\n%s\nstdlib\n%s", line, a[0], a[1])
		}
	}
}

// TestTimeoutNotShorterThanIntervalRefused: a --check whose timeout is not
// shorter than its interval (either one the default) stops serve at start
// with exit status 2 and one line that says why.
func TestTimeoutNotShorterThanIntervalRefused(t *testing.T) {
	for spec, want := range map[string]string{
		"db=tcp:127.0.0.1:5432,timeout=30s":            "timeout=30s is not shorter than interval=10s",
		"db=tcp:127.0.0.1:5432,interval=2s,timeout=2s": "timeout=2s is not shorter than interval=2s",
	} {
		code, _, stderr := runBinary(t, nil, "serve", "--ports", "0", "--check", spec)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != 2 || len(lines) != 1 || !strings.Contains(lines[0], want) {
			t.Errorf("serve --check %s: exit %d, stderr %q; want 2 and one line saying %q", spec, code, stderr, want)
		}
	}
}

// TestInitialDelayWaiting: a check in a long initial delay says so, with
// the time left, instead of "failed: unknown".
func TestInitialDelayWaiting(t *testing.T) {
	_, base := serveOn(t, nil, "--check", "db=tcp:127.0.0.1:1,initial-delay=3h")
	code, body := get(t, base+"/readyz/db?verbose")
	if code != 503 || !strings.Contains(body, "[-]db failed: waiting for the first run (in 3h)") {
		t.Errorf("/readyz/db?verbose during a 3h initial delay: %d %q, want 503 saying it waits for the first run in 3h", code, body)
	}
}
