package transporttest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/healthlite/healthlite/internal/exectest"
)

// idleConns is how many idle connections the suite holds at once, and
// maxIdleConnBytes the most heap and stack memory one may cost the server.
const (
	idleConns        = 10000
	maxIdleConnBytes = 64 << 10
)

// idleClientEnv names the environment variable that turns a test binary
// importing this package into the client of testIdleConnections: the
// clients' ends of the connections live in that second process, so that
// each process needs one descriptor per connection, not two (a container's
// hard limit on open files is often 20,000), and so that the memory the
// test measures is the server's alone.
const idleClientEnv = "HEALTHLITE_TRANSPORTTEST_IDLE_CLIENT"

func init() {
	if addr := os.Getenv(idleClientEnv); addr != "" {
		if err := idleClient(addr, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stdout, "error:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// testIdleConnections has a client process open idleConns connections,
// send one request on each and leave them idle; meanwhile the server must
// answer new connections, the memory it holds per idle connection must be
// bounded, every idle connection must still be served, and the server must
// let go of them all once the client closes them.
func testIdleConnections(t *testing.T, f *fixture, addr string) {
	restore, err := raiseFileLimit(idleConns + openFilesMargin)
	if err != nil {
		t.Skipf("cannot hold %d connections: %v", idleConns, err)
	}
	t.Cleanup(restore)
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("cannot start the client process: %v", err)
	}
	fdsBefore := openFiles()
	heapBefore, rssBefore := memory()
	goroutinesBefore := runtime.NumGoroutine()

	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), idleClientEnv+"="+addr)
	client := exectest.StartChild(t, cmd)
	lines := bufio.NewScanner(client.Out)
	expect := func(what string) {
		t.Helper()
		if !lines.Scan() {
			t.Fatalf("%s: the client process ended: %v", what, lines.Err())
		}
		if got := lines.Text(); got != "ok" {
			t.Fatalf("%s: %s", what, got)
		}
	}
	expect("opening " + strconv.Itoa(idleConns) + " connections")

	// All held and idle: the server answers new connections.
	stillAnswers(t, f, addr)
	c := dial(t, addr)
	h := get("/healthz?verbose")
	if a, ok := c.do(t, h); ok {
		check(t, h, a, f.route("GET", h.target, ""))
	}
	c.c.Close()

	heapAfter, rssAfter := memory()
	perConn := (heapAfter - heapBefore) / idleConns
	t.Logf("%d idle connections: server heap+stack %+d KiB (%+d B per connection), RSS %+d KiB (%+d B per connection), %+d goroutines",
		idleConns, (heapAfter-heapBefore)>>10, perConn, (rssAfter-rssBefore)>>10, (rssAfter-rssBefore)/idleConns,
		runtime.NumGoroutine()-goroutinesBefore)
	if perConn > maxIdleConnBytes {
		t.Errorf("an idle connection costs the server %d bytes of heap and stack, want at most %d", perConn, maxIdleConnBytes)
	}

	// Every idle connection is still open and served.
	io.WriteString(client.In, "again\n")
	expect("a second request on every idle connection")

	// Closed by the client, they are let go by the server.
	if err := client.Wait(); err != nil {
		t.Errorf("the client process: %v", err)
	}
	if fdsBefore >= 0 {
		deadline := time.Now().Add(30 * time.Second)
		for openFiles() > fdsBefore+16 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := openFiles(); n > fdsBefore+16 {
			t.Errorf("open files: %d before the idle connections, %d after they closed", fdsBefore, n)
		}
	}
}

// openFilesMargin is room for the files a process has open besides the
// idle connections.
const openFilesMargin = 1024

// idleClient is the client process of testIdleConnections. It opens
// idleConns connections to addr and sends GET /livez on each, then writes
// "ok"; on each line "again" from in, it sends another request on every
// connection and writes "ok"; at the end of in it closes them and returns.
func idleClient(addr string, in io.Reader, out io.Writer) error {
	if _, err := raiseFileLimit(idleConns + openFilesMargin); err != nil {
		return err
	}
	conns := make([]net.Conn, idleConns)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
	err := forEachConn(conns, func(c *net.Conn, br *bufio.Reader) error {
		nc, err := net.DialTimeout("tcp", addr, 30*time.Second)
		if err != nil {
			return err
		}
		*c = nc
		return livez(nc, br)
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "ok")
	lines := bufio.NewScanner(in)
	for lines.Scan() {
		if err := forEachConn(conns, func(c *net.Conn, br *bufio.Reader) error { return livez(*c, br) }); err != nil {
			return err
		}
		fmt.Fprintln(out, "ok")
	}
	return nil
}

var livezRequest = []byte("GET /livez HTTP/1.1\r\nHost: localhost\r\n\r\n")

// livez sends GET /livez on c and checks that the answer is 200 ok.
func livez(c net.Conn, br *bufio.Reader) error {
	c.SetDeadline(time.Now().Add(60 * time.Second))
	if _, err := c.Write(livezRequest); err != nil {
		return err
	}
	br.Reset(c)
	a, err := readAnswer(br, "GET")
	if err != nil {
		return err
	}
	if a.StatusCode != 200 || !bytes.Equal(bytes.TrimSpace(a.body), []byte("ok")) {
		return fmt.Errorf("GET /livez: status %d, body %q; want 200, ok", a.StatusCode, a.body)
	}
	return nil
}

// forEachConn runs fn on every element of conns from a few goroutines,
// each with its own reader (one per goroutine, not per connection), and
// returns the first error, with its index.
func forEachConn(conns []net.Conn, fn func(c *net.Conn, br *bufio.Reader) error) error {
	const workers = 8
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []string
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			br := bufio.NewReaderSize(nil, 4096)
			for i := w; i < len(conns); i += workers {
				if err := fn(&conns[i], br); err != nil {
					mu.Lock()
					errs = append(errs, "connection "+strconv.Itoa(i)+": "+err.Error())
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "; "))
	}
	return nil
}

// memory returns the heap and stack memory in use after a collection, and
// the process's resident set size (0 where unknown), in bytes.
func memory() (heapAndStack, rss int64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse + m.StackInuse), residentSize()
}
