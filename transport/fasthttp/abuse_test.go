package fasthttp_test

import (
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/transporttest"
)

func TestAbuse(t *testing.T) {
	transporttest.RunAbuse(t, func(h *core.Health, cfg transporttest.AbuseConfig) transporttest.Server {
		return &fasthttp.Server{
			Health:            h,
			ReadHeaderTimeout: cfg.HeaderTimeout,
			ReadTimeout:       cfg.HeaderTimeout,
			IdleTimeout:       cfg.IdleTimeout,
			Logger:            cfg.Logger,
		}
	})
}
