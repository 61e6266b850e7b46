package wasm

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/internal/tcptest"
)

// acceptCounter accepts and closes connections on 127.0.0.1, counting them.
func acceptCounter(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	addr := tcptest.Serve(t, func(c net.Conn) {
		n.Add(1)
		c.Close()
	})
	return addr, &n
}

func metric(ms []Metric, name string) float64 {
	for _, m := range ms {
		if m.Name == name {
			return m.Value
		}
	}
	return -1
}

// eventuallyCount polls (bounded) until n reaches want, then reports n.
func eventuallyCount(n *atomic.Int64, want int64) int64 {
	for i := 0; i < 2000 && n.Load() < want; i++ {
		time.Sleep(5 * time.Millisecond)
	}
	return n.Load()
}

// A guest dialling in a loop opens at most MaxConnections per run; the rest
// get -4 and the result says how many were refused. The cap is per run.
func TestTCPDialConnectionCap(t *testing.T) {
	for _, tc := range []struct {
		max, want int
	}{{0, DefaultMaxConnections}, {2, 2}} {
		addr, accepted := acceptCounter(t)
		c := load(t, "dialflood", Options{MaxConnections: tc.max, Allow: []string{addr},
			Config: map[string]string{"addr": addr, "n": "9"}})
		for i := 1; i <= 2; i++ {
			r := run(c)
			m := c.LastMetrics()
			refused := 9 - tc.want
			note := strconv.Itoa(refused) + " connections refused: at most " + strconv.Itoa(tc.want) + " per run"
			if r.Status != core.StatusPass || metric(m, "connected") != float64(tc.want) || metric(m, "capped") != float64(refused) || !strings.Contains(r.Message, note) {
				t.Errorf("MaxConnections %d, run %d: %v %q %v; want pass, %d connected, %d capped, message %q",
					tc.max, i, r.Status, r.Message, m, tc.want, refused, note)
			}
			if got := eventuallyCount(accepted, int64(i*tc.want)); got != int64(i*tc.want) {
				t.Errorf("MaxConnections %d, run %d: the server accepted %d connections, want %d", tc.max, i, got, i*tc.want)
			}
		}
	}
}

// Each redirect http_get follows on a new connection counts: a chain of
// redirects longer than the cap ends with -4.
func TestHTTPGetConnectionCap(t *testing.T) {
	url, hostport := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close") // every hop needs a new connection
		hop, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		if hop < 5 {
			http.Redirect(w, r, "/"+strconv.Itoa(hop+1), http.StatusFound)
			return
		}
		w.Write([]byte("hello"))
	})
	for _, tc := range []struct {
		max  int
		code float64
	}{{0, -4}, {5, 200}} {
		c := load(t, "http", Options{MaxConnections: tc.max, Timeout: 5 * time.Second, Config: map[string]string{"url": url + "/1"}, Allow: []string{hostport}})
		r := run(c)
		if got := metric(c.LastMetrics(), "code"); got != tc.code {
			t.Errorf("MaxConnections %d: code %v (%v %q), want %v", tc.max, got, r.Status, r.Message, tc.code)
		}
		if tc.code == -4 && !strings.Contains(r.Message, "1 connections refused: at most 4 per run") {
			t.Errorf("MaxConnections %d: message %q does not report the cap", tc.max, r.Message)
		}
	}
}
