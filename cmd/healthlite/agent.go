package main

import (
	"context"
	"errors"
	"log/slog"
	"net"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
)

// agentServer is the HAProxy agent-check listener of --agent.
type agentServer struct {
	srv *transport.AgentServer
	ln  net.Listener
}

// serve answers agent checks until shutdown.
func (a *agentServer) serve() error { return a.srv.Serve(a.ln) }

// shutdown stops answering; it is called after the drain delay, so that
// HAProxy reads "up drain" while draining.
func (a *agentServer) shutdown() { a.srv.Shutdown() }

// listenAgent binds --agent (falling back through its ports like the health
// server). With no free port it carries on without the agent, unless
// --strict.
func listenAgent(ctx context.Context, cfg *serveConfig, h *core.Health, log *slog.Logger) (*agentServer, error) {
	ln, err := transport.ListenAgent(ctx, transport.Config{Addr: cfg.agent.host, Ports: cfg.agent.ports, Logger: log})
	var noPort *transport.NoFreePortError
	switch {
	case errors.As(err, &noPort) && cfg.strict:
		return nil, errors.New("--agent " + cfg.agent.text + ": " + err.Error() + " (--strict)")
	case errors.As(err, &noPort):
		log.Warn("Serving no agent check; the HTTP endpoints carry on")
		return nil, nil
	case err != nil:
		return nil, errors.New("--agent " + cfg.agent.text + ": " + err.Error())
	}
	return &agentServer{srv: &transport.AgentServer{Reply: h.AgentReply, Logger: log}, ln: ln}, nil
}
