//go:build !linux

package fasthttp

import (
	"context"
	"errors"
	"log/slog"
	"net"

	"github.com/healthlite/healthlite/transport"
)

// loop is Server.EventLoop's event loop, on Linux only.
type loop struct{ hand *handoff }

var errNoLoop = errors.New("the event loop runs on Linux only")

func startLoop(*Server, net.Listener, *transport.ConnCount, *slog.Logger) (*loop, error) {
	return nil, errNoLoop
}

func (*loop) shutdown(context.Context) error { return nil }
