package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// maxPushBody caps a push request's body: a status message is at most 4 KiB
// once stored, and nothing else needs more than a word.
const maxPushBody = 4 << 10

// pushHandler is the push API: a process in any language reports its own
// state with a plain HTTP POST (curl, urllib), no client library needed.
//
//	POST /flags/NAME      body true|false
//	POST /heartbeat/NAME  no body
//	POST /status/NAME     body pass|warn|fail|unknown [message]
//	POST /maintenance     optional body: the reason; DELETE turns it off
//
// Names must have been declared with --flag, --heartbeat and --status; others
// get 404. Only POST is allowed (405), bodies are capped (413).
//
// Loopback is reachable from web pages too: a browser on the machine sends
// what any site asks it to. So requests a browser marks as coming from a
// page (Origin, or Sec-Fetch-Site other than "none") are refused, and on
// TCP so is a Host that is not loopback — what a DNS-rebinding page sends
// (403 for both).
type pushHandler struct {
	t   *pushTargets
	log *slog.Logger
	tcp bool // served on TCP: the Host header is checked
}

func (p *pushHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Origin") != "" || (r.Header.Get("Sec-Fetch-Site") != "" && r.Header.Get("Sec-Fetch-Site") != "none") {
		reply(w, http.StatusForbidden, "refused: a web page sent this request; the push API is for local processes (curl, scripts)")
		return
	}
	if p.tcp && !transport.LoopbackHost(r.Host) {
		reply(w, http.StatusForbidden, fmt.Sprintf("refused: Host %q is not a loopback address; use http://127.0.0.1:PORT or http://localhost:PORT", r.Host))
		return
	}
	if r.URL.Path == "/maintenance" && p.t.maint != nil {
		p.maintenance(w, r)
		return
	}
	kind, name, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if name == "" || strings.Contains(name, "/") || (kind != "flags" && kind != "heartbeat" && kind != "status") {
		reply(w, http.StatusNotFound, "not found: use POST /flags/NAME, /heartbeat/NAME, /status/NAME or /maintenance")
		return
	}
	if r.Method != http.MethodPost {
		methodNotAllowed(w, r, "POST", "POST")
		return
	}
	text, ok := readPushBody(w, r)
	if !ok {
		return
	}
	switch kind {
	case "flags":
		f, ok := p.t.flags[name]
		if !ok {
			reply(w, http.StatusNotFound, fmt.Sprintf("unknown flag %q: declare it with --flag %s", name, name))
			return
		}
		v, ok := parseBool(text)
		if !ok {
			reply(w, http.StatusBadRequest, fmt.Sprintf("body %q: want true or false", text))
			return
		}
		if f.Value() != v {
			p.log.Info("Flag " + name + " is now " + fmt.Sprint(v))
		}
		f.Set(v)
	case "heartbeat":
		hb, ok := p.t.heartbeats[name]
		if !ok {
			reply(w, http.StatusNotFound, fmt.Sprintf("unknown heartbeat %q: declare it with --heartbeat %s,ttl=30s", name, name))
			return
		}
		hb.Beat()
		if fb := p.t.firstBeats[name]; fb != nil && fb.first() {
			p.log.Info("First heartbeat of " + name)
		}
	case "status":
		rep, ok := p.t.statuses[name]
		if !ok {
			reply(w, http.StatusNotFound, fmt.Sprintf("unknown status %q: declare it with --status %s", name, name))
			return
		}
		word, msg, _ := strings.Cut(text, " ")
		st, ok := core.ParseStatus(word)
		if !ok {
			reply(w, http.StatusBadRequest, fmt.Sprintf("status %q: want pass, warn, fail or unknown, then an optional message", word))
			return
		}
		rep.Set(st, strings.TrimSpace(msg))
	}
	p.log.Debug("Push "+kind+"/"+name, "body", text)
	reply(w, http.StatusOK, "ok")
}

// readPushBody reads a push request's body, capped, trimmed of spaces; on
// failure it has answered 413 or 400.
func readPushBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxPushBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			reply(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", maxPushBody))
			return "", false
		}
		reply(w, http.StatusBadRequest, "cannot read body: "+err.Error())
		return "", false
	}
	return strings.TrimSpace(string(body)), true
}

// methodNotAllowed answers 405 with the Allow header and one line saying
// which method to use for what.
func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow, use string) {
	w.Header().Set("Allow", allow)
	reply(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed: use "+use)
}

// reply answers code with msg as one line of plain text.
func reply(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	io.WriteString(w, msg+"\n")
}

// pushServer serves the push API on its listener until shut down.
type pushServer struct {
	srv *http.Server
	ln  net.Listener
}

func newPushServer(ln net.Listener, t *pushTargets, log *slog.Logger) *pushServer {
	return &pushServer{ln: ln, srv: &http.Server{
		Handler:           &pushHandler{t: t, log: log, tcp: ln.Addr().Network() == "tcp"},
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    8 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}}
}

func (p *pushServer) serve() error {
	if err := p.srv.Serve(p.ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (p *pushServer) shutdown(ctx context.Context) error { return p.srv.Shutdown(ctx) }
