package stdlib_test

import (
	"testing"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/grpchealth"
	"github.com/healthlite/healthlite/transport/stdlib"
	"github.com/healthlite/healthlite/transport/transporttest"
)

func TestConformanceGRPC(t *testing.T) {
	transporttest.RunGRPC(t, func(h *core.Health) transporttest.Server {
		return &stdlib.Server{Health: h, Logger: transporttest.Logger(t), GRPC: &grpchealth.Server{}}
	})
}
