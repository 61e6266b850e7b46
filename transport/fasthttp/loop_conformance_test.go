package fasthttp_test

import (
	"testing"

	"github.com/healthlite/healthlite/transport/fasthttp"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// newLoopServer is newServer with the event loop: every suite runs
// against it too, so that the loop answers what fasthttp answers and hands
// it everything else.
func newLoopServer(cfg transporttest.Config) transporttest.Server {
	s := newServer(cfg).(*fasthttp.Server)
	s.EventLoop = true
	return s
}

func TestLoopConformance(t *testing.T)     { transporttest.Run(t, newLoopServer) }
func TestLoopConformanceGRPC(t *testing.T) { transporttest.RunGRPC(t, newLoopServer) }
func TestLoopConformanceTLS(t *testing.T)  { transporttest.RunTLS(t, newLoopServer) }
func TestLoopAbuse(t *testing.T)           { transporttest.RunAbuse(t, newLoopServer) }
func FuzzLoopServer(f *testing.F)          { transporttest.FuzzServer(f, newLoopServer) }
