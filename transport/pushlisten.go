package transport

import (
	"context"
	"net"
)

// ListenPush binds a push API listener (the endpoint through which a
// process reports its own state) as Listen binds the health server: the
// first free port of cfg.Ports on cfg.Addr, with the same fallback and log
// lines, "Push API started on port 9901" on success. It never takes a
// systemd-activated socket and returns a *NoFreePortError when no port is
// free. The caller keeps cfg.Addr on loopback.
func ListenPush(ctx context.Context, cfg Config) (net.Listener, error) {
	return bind(ctx, cfg, orDefault(cfg.Logger), "push API", false)
}
