package checks

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/healthlite/healthlite/core"
	"github.com/healthlite/healthlite/transport/grpchealth"
)

// GRPC returns a check that asks addr ("host:port", HTTP/2 cleartext) for
// service with grpc.health.v1.Health/Check, on a new connection each run.
// It passes on SERVING and fails otherwise, its message naming the status
// ("service \"db\" is NOT_SERVING") or the gRPC error ("rpc error: code =
// NotFound desc = unknown service"). Value is the latency in seconds.
func GRPC(addr, service string) core.Checker {
	return grpcCheck{addr: addr, service: service}
}

type grpcCheck struct{ addr, service string }

func (c grpcCheck) Check(ctx context.Context, r *core.Result) {
	start := time.Now()
	st, err := grpchealth.Check(ctx, c.addr, c.service)
	elapsed := time.Since(start)
	r.Status = core.StatusFail
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		dl, _ := ctx.Deadline()
		r.Message = "gRPC " + c.addr + ": " + timeoutMessage(max(dl.Sub(start), 0))
		return
	case errors.Is(err, context.Canceled):
		r.Message = "gRPC " + c.addr + ": canceled"
		return
	case err != nil:
		r.Message = "gRPC " + c.addr + ": " + err.Error()
		return
	case st == grpchealth.StatusServing:
		r.Status = core.StatusPass
	}
	r.Message = "service " + strconv.Quote(c.service) + " is " + st.String() + " (" + round(elapsed).String() + ")"
	r.Value, r.HasValue = elapsed.Seconds(), true
}
