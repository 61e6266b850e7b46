package stdlib_test

import (
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/stdlib"
	"github.com/healthlite/healthlite/transport/transporttest"
)

func TestAbuse(t *testing.T) {
	transporttest.RunAbuse(t, newAbuseServer)
}

// newAbuseServer is the transport's server with its hardened defaults, but
// the timeouts and logger the abuse suite asks for.
func newAbuseServer(h *core.Health, cfg transporttest.AbuseConfig) transporttest.Server {
	return &stdlib.Server{
		Health:            h,
		ReadHeaderTimeout: cfg.HeaderTimeout,
		ReadTimeout:       cfg.HeaderTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		Logger:            cfg.Logger,
	}
}

func FuzzServer(f *testing.F) {
	transporttest.FuzzServer(f, newAbuseServer)
}
