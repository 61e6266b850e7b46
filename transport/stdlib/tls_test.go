package stdlib_test

import (
	"crypto/tls"
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/grpchealth"
	"github.com/healthlite/healthlite/transport/stdlib"
	"github.com/healthlite/healthlite/transport/transporttest"
)

func TestConformanceTLS(t *testing.T) {
	transporttest.RunTLS(t, func(h *core.Health, cfg *tls.Config, tok *transport.Token) transporttest.Server {
		return &stdlib.Server{Health: h, Logger: transporttest.Logger(t), GRPC: &grpchealth.Server{}, TLS: cfg, Token: tok}
	})
}
