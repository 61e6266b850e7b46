package transport

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
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

func TestAskInstance(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status":"healthy","service":"bot","pid":4242}`)
	}))
	defer srv.Close()
	service, pid, ok := AskInstance(context.Background(), "127.0.0.1", srv.Listener.Addr().(*net.TCPAddr).Port)
	if !ok || service != "bot" || pid != 4242 {
		t.Errorf("AskInstance = %q, %d, %v", service, pid, ok)
	}
	if _, _, ok := AskInstance(context.Background(), "127.0.0.1", busyPort(t)); ok {
		t.Error("a port that does not answer HTTP was taken for a healthlite")
	}
}
