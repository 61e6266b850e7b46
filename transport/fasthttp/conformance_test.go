package fasthttp_test

import (
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/transporttest"
)

func TestConformance(t *testing.T) {
	transporttest.Run(t, func(h *core.Health) transporttest.Server {
		return &fasthttp.Server{Health: h, Logger: transporttest.Logger(t)}
	})
}
