package transport_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/tcptest"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/stdlib"
)

// runInstance starts a real healthlite of service with pid on a loopback
// port chosen by the binder, and returns the port.
func runInstance(t *testing.T, service string, pid int) int {
	t.Helper()
	h := core.New(core.Options{Service: service, PID: pid})
	ln, err := transport.Listen(context.Background(), transport.Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv := &stdlib.Server{Health: h}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		srv.Shutdown(context.Background())
		<-done
	})
	return transport.Port(ln)
}

// TestDuplicateInstanceWarning runs the bot server's failure: a first
// instance holds the port, a second of the same service starts. The second
// falls back and says that a duplicate is running, with the first's pid.
// A healthlite of another service on the port is noted, not reported as a
// duplicate. With no Service on either side, both are "healthlite", core's
// default, and a second copy is a duplicate.
func TestDuplicateInstanceWarning(t *testing.T) {
	for _, tc := range []struct {
		name             string
		running, service string // the first instance's Service, the second's
		pid              int
		free             bool // a free port after the busy one
		held             string
	}{
		{"same service", "trading-bot", "trading-bot", 4242, true,
			`WARNING - A duplicate instance of service "trading-bot" is already running on port %s (pid 4242)`},
		{"other service", "billing", "", 77, false,
			`INFO - Port %s is held by healthlite service "billing" (pid 77)`},
		{"default service name", "", "", 99, false,
			`WARNING - A duplicate instance of service "healthlite" is already running on port %s (pid 99)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first := runInstance(t, tc.running, tc.pid)
			ports := []int{first}
			if tc.free {
				ports = append(ports, tcptest.FreePort(t))
			}
			logs, log := transport.NewLog()
			ln, err := transport.Listen(context.Background(), transport.Config{
				Addr: "127.0.0.1", Ports: ports, Service: tc.service, Logger: log,
			})
			p := strconv.Itoa(first)
			last := "healthlite - ERROR - No free port for the health server: tried " + p
			if tc.free {
				if err != nil {
					t.Fatal(err)
				}
				defer ln.Close()
				last = "healthlite - INFO - Health server started on port " + strconv.Itoa(ports[1])
			} else if err == nil {
				ln.Close()
				t.Fatal("bound a busy port")
			}
			want := []string{
				"healthlite - WARNING - Port " + p + " is already in use, trying next port...",
				"healthlite - " + fmt.Sprintf(tc.held, p),
				last,
			}
			if got := logs.Lines(t); !slices.Equal(got, want) {
				t.Fatalf("log lines\n got %q\nwant %q", got, want)
			}
		})
	}
}
