package transport

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"
)

// duplicateTimeout bounds the question Listen asks a busy port, so that a
// port held by something that never answers costs little. Listen's context
// ends the question sooner (a signal during start-up). A variable only for
// the test that shows the context, not this bound, ends it.
var duplicateTimeout = 500 * time.Millisecond

// identity is the part of /health?verbose that names a healthlite process.
type identity struct {
	Service string `json:"service"`
	PID     int    `json:"pid"`
}

// warnDuplicate asks the process holding port for /health?verbose. When it
// is a healthlite of the same service, a duplicate instance is running —
// the bot server's root cause — and it says so at WARNING, with the pid.
// Anything else holding the port (another program, a different service)
// is noted at INFO or not at all.
func warnDuplicate(ctx context.Context, log *slog.Logger, addr string, port int, service string) {
	id, ok := askIdentity(ctx, addr, port)
	if !ok {
		return
	}
	p, pid := strconv.Itoa(port), strconv.Itoa(id.PID)
	if id.Service == service {
		log.Warn("A duplicate instance of service " + strconv.Quote(service) + " is already running on port " + p + " (pid " + pid + ")")
		return
	}
	log.Info("Port " + p + " is held by healthlite service " + strconv.Quote(id.Service) + " (pid " + pid + ")")
}

// askIdentity fetches http://HOST:PORT/health?verbose, HOST being the bind
// address or loopback when binding all interfaces.
func askIdentity(ctx context.Context, addr string, port int) (identity, bool) {
	host := addr
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	ctx, cancel := context.WithTimeout(ctx, duplicateTimeout)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(port)) + "/health?verbose"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return identity{}, false
	}
	client := http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // no proxy: the question is local
	resp, err := client.Do(req)
	if err != nil {
		return identity{}, false
	}
	defer resp.Body.Close()
	var id identity
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&id); err != nil || id.Service == "" {
		return identity{}, false
	}
	return id, true
}
