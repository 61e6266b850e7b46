package benchserver

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/stdlib"
)

// TestRunServesUntilCancelled runs the bench server on each transport: its
// check passes, so /healthz answers 200 "ok", and cancelling the context
// shuts it down so that run returns nil.
func TestRunServesUntilCancelled(t *testing.T) {
	transports := map[string]func(*core.Health) Server{
		"stdlib":   func(h *core.Health) Server { return &stdlib.Server{Health: h} },
		"fasthttp": func(h *core.Health) Server { return &fasthttp.Server{Health: h} },
	}
	for name, newServer := range transports {
		t.Run(name, func(t *testing.T) {
			ln, err := net.Listen("tcp4", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- run(ctx, ln, newServer) }()
			url := "http://" + ln.Addr().String() + "/healthz"
			c := http.Client{Timeout: time.Second}
			var body, last string
			for i := 0; i < 250 && body == ""; i++ {
				select {
				case err := <-done:
					t.Fatalf("run returned before serving: %v", err)
				default:
				}
				resp, err := c.Get(url)
				if err != nil {
					time.Sleep(20 * time.Millisecond)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					// 503 until the check's first run is published.
					last = fmt.Sprintf("%d %q", resp.StatusCode, b)
					time.Sleep(20 * time.Millisecond)
					continue
				}
				body = string(b)
			}
			if body == "" && last != "" {
				t.Fatalf("GET /healthz: never 200; last %s", last)
			}
			if !strings.HasPrefix(body, "ok") {
				t.Fatalf("GET /healthz: body %q, want ok", body)
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("run after cancel: %v, want nil", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("run did not return within 10s of cancel")
			}
		})
	}
}
