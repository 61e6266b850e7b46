package stdlib_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/stdlib"
)

// A health server of its own, on a port found by the binder.
func ExampleServer() {
	h := core.New(core.Options{Service: "bot"})
	if err := h.Start(context.Background()); err != nil {
		panic(err)
	}
	defer h.Stop()

	ln, err := transport.Listen(context.Background(), transport.Config{
		Addr: "127.0.0.1", Ports: []int{0}, Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		panic(err)
	}
	srv := &stdlib.Server{Health: h} // hardened defaults
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("%d %s\n", resp.StatusCode, body)

	srv.Shutdown(context.Background())
	fmt.Println("Serve returned", <-done)
	// Output:
	// 200 ok
	// Serve returned <nil>
}

// Mount the endpoints in a server of your own.
func ExampleNewHandler() {
	h := core.New(core.Options{})
	if err := h.Start(context.Background()); err != nil {
		panic(err)
	}
	defer h.Stop()

	mux := http.NewServeMux()
	hh := stdlib.NewHandler(h)
	mux.Handle("/livez", hh)
	mux.Handle("/readyz", hh)

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
	fmt.Print(w.Code, " ", w.Header().Get("Content-Type"), " ", w.Body.String())
	// Output:
	// 200 text/plain; charset=utf-8 ok
}

// Mount the whole subtree under /ops/ in a server of your own: every
// endpoint, /ops/readyz/NAME included, with one Handle.
func ExampleNewHandler_prefix() {
	h := core.New(core.Options{})
	db, _ := h.Reporter("db", core.GroupReady)
	db.Set(core.StatusPass, "connected")
	if err := h.Start(context.Background()); err != nil {
		panic(err)
	}
	defer h.Stop()

	mux := http.NewServeMux()
	mux.Handle("/ops/", stdlib.NewHandler(h, transport.WithPrefix("/ops")))

	for _, path := range []string{"/ops/readyz", "/ops/readyz/db", "/ops/livez/db", "/ops/readyz/nope"} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		fmt.Printf("%s %d %s\n", path, w.Code, strings.TrimSpace(w.Body.String()))
	}
	// Output:
	// /ops/readyz 200 ok
	// /ops/readyz/db 200 ok
	// /ops/livez/db 404 db is not in the live group
	// /ops/readyz/nope 404 no check named nope
}
