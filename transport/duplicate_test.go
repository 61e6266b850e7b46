package transport_test

import (
	"context"
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
func TestDuplicateInstanceWarning(t *testing.T) {
	first := runInstance(t, "trading-bot", 4242)
	free := tcptest.FreePort(t)
	logs, log := transport.NewLog()
	ln, err := transport.Listen(context.Background(), transport.Config{
		Addr: "127.0.0.1", Ports: []int{first, free}, Service: "trading-bot",
		Logger: log,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	p, f := strconv.Itoa(first), strconv.Itoa(free)
	want := []string{
		"healthlite - WARNING - Port " + p + " is already in use, trying next port...",
		`healthlite - WARNING - A duplicate instance of service "trading-bot" is already running on port ` + p + " (pid 4242)",
		"healthlite - INFO - Health server started on port " + f,
	}
	if got := logs.Lines(t); !slices.Equal(got, want) {
		t.Fatalf("log lines\n got %q\nwant %q", got, want)
	}
}

// TestOtherServiceIsNoDuplicate: a healthlite of another service on the
// port is noted, not reported as a duplicate.
func TestOtherServiceIsNoDuplicate(t *testing.T) {
	first := runInstance(t, "billing", 77)
	logs, log := transport.NewLog()
	_, err := transport.Listen(context.Background(), transport.Config{
		Addr: "127.0.0.1", Ports: []int{first}, // Service empty: "healthlite"
		Logger: log,
	})
	if err == nil {
		t.Fatal("bound a busy port")
	}
	p := strconv.Itoa(first)
	want := []string{
		"healthlite - WARNING - Port " + p + " is already in use, trying next port...",
		`healthlite - INFO - Port ` + p + ` is held by healthlite service "billing" (pid 77)`,
		"healthlite - ERROR - No free port for the health server: tried " + p,
	}
	if got := logs.Lines(t); !slices.Equal(got, want) {
		t.Fatalf("log lines\n got %q\nwant %q", got, want)
	}
}

// TestDefaultServiceName: with no Service on either side, both are
// "healthlite", core's default, and a second copy is a duplicate.
func TestDefaultServiceName(t *testing.T) {
	first := runInstance(t, "", 99)
	logs, log := transport.NewLog()
	_, err := transport.Listen(context.Background(), transport.Config{
		Addr: "127.0.0.1", Ports: []int{first},
		Logger: log,
	})
	if err == nil {
		t.Fatal("bound a busy port")
	}
	want := `healthlite - WARNING - A duplicate instance of service "healthlite" is already running on port ` + strconv.Itoa(first) + " (pid 99)"
	if got := logs.Lines(t); len(got) != 3 || got[1] != want {
		t.Fatalf("log lines %q, want %q second", got, want)
	}
}
