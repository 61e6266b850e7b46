package transport

import (
	"context"
	"errors"
	"net"
	"slices"
	"strconv"
	"testing"
)

// TestSideListenersFallBack: the agent-check and push API listeners bind
// as the health server does, past a busy port with its log line, and
// return a *NoFreePortError when no port is free.
func TestSideListenersFallBack(t *testing.T) {
	for _, tc := range []struct {
		name    string
		listen  func(context.Context, Config) (net.Listener, error)
		started string
	}{
		{"agent", ListenAgent, "Agent check started on port "},
		{"push", ListenPush, "Push API started on port "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			busy := busyPort(t)
			logs, log := newLog()
			ln, err := tc.listen(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{busy, 0}, Logger: log})
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			want := []string{
				"healthlite - WARNING - Port " + strconv.Itoa(busy) + " is already in use, trying next port...",
				"healthlite - INFO - " + tc.started + strconv.Itoa(Port(ln)),
			}
			if got := logs.lines(t); !slices.Equal(got, want) {
				t.Errorf("log lines\n%q\nwant\n%q", got, want)
			}
			_, err = tc.listen(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{busy}, Logger: log})
			var noPort *NoFreePortError
			if !errors.As(err, &noPort) {
				t.Errorf("no free port: %v", err)
			}
		})
	}
}
