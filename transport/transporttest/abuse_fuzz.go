package transporttest

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// FuzzServer fuzzes a transport's server with raw bytes sent on a real
// connection, and then the end of the client's writing: whatever arrives,
// the server answers with well-formed responses and closes the connection,
// never answers 500, logs no panic, and still answers a well-formed request
// on a new connection. Its seeds are the abuse suite's malformed requests.
//
//	func FuzzServer(f *testing.F) { transporttest.FuzzServer(f, newServer) }
func FuzzServer(f *testing.F, newServer NewServer) {
	for _, m := range malformedRequests {
		f.Add([]byte(m.raw))
	}
	f.Add([]byte("GET /health HTTP/1.1\r\nHost: t\r\n\r\nHEAD /readyz?verbose HTTP/1.1\r\nHost: t\r\n\r\n"))
	f.Add([]byte("GET /metrics?format=openmetrics HTTP/1.0\r\nAccept: application/openmetrics-text;q=0.5\r\n\r\n"))

	h := core.New(core.Options{Service: "fuzz"})
	if err := h.Register(core.CheckConfig{Name: "db", Groups: core.GroupLive | core.GroupReady,
		Check: core.CheckFunc(func(_ context.Context, r *core.Result) { r.Status = core.StatusPass })}); err != nil {
		f.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := h.Start(ctx); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { cancel(); h.Stop() })
	// The first run of db is asynchronous: until it passed, /livez is 503.
	for deadline := time.Now().Add(10 * time.Second); h.Snapshot().Starting() || !h.Snapshot().Live(); {
		if time.Now().After(deadline) {
			f.Fatal("the Health never became live")
		}
		time.Sleep(time.Millisecond)
	}
	log := new(watchLog)
	addr := serveFuzz(f, newServer(Config{Health: h, HeaderTimeout: quickTimeout, IdleTimeout: quickTimeout, Logger: slog.New(log)}))

	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		go func() {
			c.Write(raw)
			c.(*net.TCPConn).CloseWrite()
		}()
		br := bufio.NewReader(c)
		for n := 0; ; n++ {
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				// The end of the connection, or a reset when the server
				// closed with bytes unread; anything else is a malformed
				// answer, or none in 10s.
				if !errors.Is(err, io.EOF) && !isUnexpectedEOF(err) && !errors.Is(err, syscall.ECONNRESET) {
					t.Fatalf("answer %d to %q: %v", n, clip(string(raw)), err)
				}
				break
			}
			// A HEAD answer has no body, whatever its Content-Length says;
			// the status line says enough.
			if resp.StatusCode == http.StatusInternalServerError || resp.StatusCode < 100 || resp.StatusCode > 599 {
				t.Fatalf("answer %d to %q: status %d", n, clip(string(raw)), resp.StatusCode)
			}
			if _, err := io.Copy(io.Discard, resp.Body); err != nil {
				break // a HEAD answer's announced body never comes
			}
			resp.Body.Close()
		}
		log.check(t)
		if status, _, _, _ := roundTrip(t, addr, "GET /livez HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"); status != 200 {
			t.Fatalf("after %q the server answers /livez with %s", clip(string(raw)), outcome(status))
		}
	})
}

// serveFuzz serves srv on a loopback port until f ends.
func serveFuzz(f *testing.F, srv Server) string {
	ln, err := transport.Listen(context.Background(), transport.Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: discardLogger()})
	if err != nil {
		f.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	f.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
	})
	return ln.Addr().String()
}
