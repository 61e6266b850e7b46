package transport

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/healthlite/healthlite/internal/botlog"
	"github.com/healthlite/healthlite/internal/exectest"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// logBuffer collects log lines in the bot server's format.
type logBuffer struct {
	exectest.Buffer
}

var timePrefix = regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - `)

// lines returns the logged lines with their timestamps cut off, checking
// that every line had one.
func (l *logBuffer) lines(t *testing.T) []string {
	t.Helper()
	s := strings.TrimSuffix(l.String(), "\n")
	if s == "" {
		return nil
	}
	var out []string
	for _, line := range strings.Split(s, "\n") {
		loc := timePrefix.FindStringIndex(line)
		if loc == nil || loc[0] != 0 {
			t.Fatalf("log line without the bot server's time prefix: %q", line)
		}
		out = append(out, line[loc[1]:])
	}
	return out
}

func newLog() (*logBuffer, *slog.Logger) {
	l := &logBuffer{}
	return l, slog.New(botlog.NewHandler(l, botlog.Options{}))
}

// listenLoopback listens through Listen on any free loopback port and
// returns the log lines it writes and the listener, which is closed when
// the test ends.
func listenLoopback(t *testing.T) (*logBuffer, net.Listener) {
	t.Helper()
	logs, log := newLog()
	ln, err := Listen(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return logs, ln
}

// busyPort holds a loopback port with a listener that never answers.
func busyPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return Port(ln)
}

func TestListenFallsBackWithTheBotServerLines(t *testing.T) {
	logs, log := newLog()
	busy, free := busyPort(t), tcptest.FreePort(t)
	ln, err := Listen(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{busy, free}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if Port(ln) != free {
		t.Fatalf("bound port %d, want the fallback %d", Port(ln), free)
	}
	want := []string{
		"healthlite - WARNING - Port " + strconv.Itoa(busy) + " is already in use, trying next port...",
		"healthlite - INFO - Health server started on port " + strconv.Itoa(free),
	}
	if got := logs.lines(t); !slices.Equal(got, want) {
		t.Fatalf("log lines\n got %q\nwant %q", got, want)
	}
}

func TestListenAllBusy(t *testing.T) {
	logs, log := newLog()
	a, b := busyPort(t), busyPort(t)
	ln, err := Listen(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{a, b}, Logger: log})
	if ln != nil {
		ln.Close()
		t.Fatal("got a listener with every port busy")
	}
	var nf *NoFreePortError
	if !errors.As(err, &nf) {
		t.Fatalf("error %v (%T), want *NoFreePortError", err, err)
	}
	if !slices.Equal(nf.Tried, []int{a, b}) || !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("Tried = %v, errors.Is(EADDRINUSE) = %v", nf.Tried, errors.Is(err, syscall.EADDRINUSE))
	}
	as, bs := strconv.Itoa(a), strconv.Itoa(b)
	if want := "healthlite: no free port: tried " + as + " (in use), " + bs + " (in use)"; err.Error() != want {
		t.Fatalf("error %q, want %q", err, want)
	}
	want := []string{
		"healthlite - WARNING - Port " + as + " is already in use, trying next port...",
		"healthlite - WARNING - Port " + bs + " is already in use, trying next port...",
		"healthlite - ERROR - No free port for the health server: tried " + as + ", " + bs,
	}
	if got := logs.lines(t); !slices.Equal(got, want) {
		t.Fatalf("log lines\n got %q\nwant %q", got, want)
	}
}

func TestListenAnyFreePort(t *testing.T) {
	logs, ln := listenLoopback(t)
	p := Port(ln)
	if p == 0 {
		t.Fatal("port 0 was not resolved to the bound port")
	}
	want := []string{"healthlite - INFO - Health server started on port " + strconv.Itoa(p)}
	if got := logs.lines(t); !slices.Equal(got, want) {
		t.Fatalf("log lines %q, want %q", got, want)
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("the listener does not accept: %v", err)
	}
	c.Close()
}

func TestListenIPv6Loopback(t *testing.T) {
	probe, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback here: %v", err)
	}
	probe.Close()
	_, log := newLog()
	ln, err := Listen(context.Background(), Config{Addr: "[::1]", Ports: []int{0}, Logger: log}) // brackets allowed
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if a := ln.Addr().(*net.TCPAddr); !a.IP.Equal(net.IPv6loopback) {
		t.Fatalf("bound %v, want [::1]", a)
	}
}

// TestListenOtherErrorsMoveOn binds an address that is not on this machine
// (TEST-NET-1): the cause is logged, the next port tried.
func TestListenOtherErrorsMoveOn(t *testing.T) {
	logs, log := newLog()
	_, err := Listen(context.Background(), Config{Addr: "192.0.2.1", Ports: []int{0, 1}, Logger: log})
	var nf *NoFreePortError
	if !errors.As(err, &nf) || len(nf.Tried) != 2 || errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("error %v, want a *NoFreePortError with two causes, none EADDRINUSE", err)
	}
	if !strings.Contains(err.Error(), "tried 0 (listen tcp 192.0.2.1:0: bind: cannot assign requested address), 1 (") {
		t.Fatalf("error %q does not give the causes", err)
	}
	got := logs.lines(t)
	want := []string{
		`healthlite - WARNING - Port 0 could not be bound, trying next port... err="listen tcp 192.0.2.1:0: bind: cannot assign requested address"`,
		`healthlite - WARNING - Port 1 could not be bound, trying next port... err=`,
		`healthlite - ERROR - No free port for the health server: tried 0, 1`,
	}
	if len(got) != 3 || got[0] != want[0] || !strings.HasPrefix(got[1], want[1]) || got[2] != want[2] {
		t.Fatalf("log lines\n got %q\nwant %q", got, want)
	}
}

func TestListenStopsWhenContextIsDone(t *testing.T) {
	_, log := newLog()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ln, err := Listen(ctx, Config{Addr: "127.0.0.1", Ports: []int{0}, Logger: log})
	if ln != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("Listen with a done context = %v, %v; want context.Canceled", ln, err)
	}
}

func TestListenDefaultsToSlogDefault(t *testing.T) {
	logs, log := newLog()
	old := slog.Default()
	slog.SetDefault(log)
	defer slog.SetDefault(old)
	ln, err := Listen(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{0}})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if got := logs.lines(t); len(got) != 1 || !strings.HasPrefix(got[0], "healthlite - INFO - Health server started on port ") {
		t.Fatalf("slog.Default() got %q", got)
	}
}

func TestPortOfNonTCPListener(t *testing.T) {
	ln, err := net.Listen("unix", t.TempDir()+"/s")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if p := Port(ln); p != 0 {
		t.Fatalf("Port(unix listener) = %d, want 0", p)
	}
}

// TestListenDefaultPorts binds with no port list on an address that is not
// on this machine (TEST-NET-1), so nothing is bound: the ports tried are
// the default 8080-8084.
func TestListenDefaultPorts(t *testing.T) {
	_, log := newLog()
	_, err := Listen(context.Background(), Config{Addr: "192.0.2.1", Logger: log})
	var nf *NoFreePortError
	if !errors.As(err, &nf) || !slices.Equal(nf.Tried, []int{8080, 8081, 8082, 8083, 8084}) {
		t.Fatalf("Listen with no ports = %v, want a *NoFreePortError that tried 8080-8084", err)
	}
}
