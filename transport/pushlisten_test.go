package transport

import (
	"context"
	"slices"
	"strconv"
	"testing"
)

func TestListenPushFallsBack(t *testing.T) {
	busy := busyPort(t)
	logs, log := newLog()
	ln, err := ListenPush(context.Background(), Config{Addr: "127.0.0.1", Ports: []int{busy, 0}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	want := []string{
		"healthlite - WARNING - Port " + strconv.Itoa(busy) + " is already in use, trying next port...",
		"healthlite - INFO - Push API started on port " + strconv.Itoa(Port(ln)),
	}
	if got := logs.lines(t); !slices.Equal(got, want) {
		t.Errorf("log lines\n%q\nwant\n%q", got, want)
	}
}
