package transport

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

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
