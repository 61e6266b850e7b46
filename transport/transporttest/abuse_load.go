package transporttest

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// stormSize is how many connections the Connection: close storm opens, one
// after another; pipelined how many requests go on one connection at once.
const (
	stormSize = 5000
	pipelined = 1000
)

// testCloseStorm opens stormSize connections one after another, each with
// one request that asks for Connection: close: every one must get the
// router's answer and then the server's close, and the server's open file
// count must come back to where it was (no leaked connection).
func testCloseStorm(t *testing.T, f *fixture, addr string) {
	r := get("/livez?verbose")
	r.close = true
	want := f.route("GET", r.target, "")
	req := r.appendTo(nil)
	fdsBefore := openFiles()
	br := bufio.NewReaderSize(nil, 4096)
	failures := 0
	fail := func(i int, format string, args ...any) {
		failures++
		t.Errorf("connection %d: "+format, append([]any{i}, args...)...)
	}
	for i := 0; i < stormSize && failures < 5; i++ {
		c, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			fail(i, "dial: %v", err)
			continue
		}
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := c.Write(req); err != nil {
			fail(i, "write: %v", err)
			c.Close()
			continue
		}
		br.Reset(c)
		a, err := readAnswer(br, "GET")
		switch {
		case err != nil:
			fail(i, "read: %v", err)
		case a.StatusCode != want.Status || string(a.body) != string(want.Body):
			fail(i, "status %d, body %q; want %d, %q", a.StatusCode, a.body, want.Status, want.Body)
		case !a.Close:
			fail(i, "the answer does not say Connection: close")
		default:
			if n, err := br.Read(make([]byte, 1)); err != io.EOF {
				fail(i, "after the answer the connection stayed open (read %d bytes, %v)", n, err)
			}
		}
		c.Close()
	}
	if failures > 0 {
		t.Fatalf("stopped after %d failures", failures)
	}
	if fdsBefore >= 0 {
		// The server closes its end before answering EOF; give the
		// runtime a moment to release the descriptors.
		deadline := time.Now().Add(10 * time.Second)
		for openFiles() > fdsBefore+16 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := openFiles(); n > fdsBefore+16 {
			t.Errorf("open files: %d before the storm, %d after", fdsBefore, n)
		}
	}
	t.Logf("%d sequential Connection: close requests, %d failures", stormSize, failures)
}

// testPipelined1000 writes pipelined requests for a custom endpoint that
// echoes its query, each with its own number, in one write, and checks
// that the answers come back complete and in order.
func testPipelined1000(t *testing.T, f *fixture, addr string) {
	c := dial(t, addr)
	var reqs []byte
	for i := range pipelined {
		reqs = get("/custom?i=" + strconv.Itoa(i)).appendTo(reqs)
	}
	// Written while answers are read, so that neither side can block the
	// other on full socket buffers.
	go c.c.Write(reqs)
	for i := range pipelined {
		r := get("/custom?i=" + strconv.Itoa(i))
		a, ok := c.read(t, "GET")
		if !ok {
			t.Fatalf("answer %d of %d missing", i, pipelined)
		}
		check(t, r, a, f.route("GET", r.target, ""))
		if t.Failed() {
			t.Fatalf("stopped at answer %d of %d", i, pipelined)
		}
	}
	t.Logf("%d pipelined requests answered in order", pipelined)
}

// readAnswer reads one answer and its body from br.
func readAnswer(br *bufio.Reader, method string) (answer, error) {
	resp, err := http.ReadResponse(br, &http.Request{Method: method})
	if err != nil {
		return answer{}, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return answer{resp, body}, err
}
