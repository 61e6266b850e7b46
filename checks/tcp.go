package checks

import (
	"context"
	"net"
	"time"

	"github.com/healthlite/healthlite/core"
)

// TCP returns a check that passes when a TCP connection to addr
// ("host:port") can be opened; the connection is closed at once. Its message
// reads "connected to 127.0.0.1:5432 in 1ms" and Value is the latency in
// seconds.
func TCP(addr string) core.Checker {
	return tcpCheck(addr)
}

type tcpCheck string

func (c tcpCheck) Check(ctx context.Context, r *core.Result) {
	start := time.Now()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", string(c))
	if err != nil {
		r.Status = core.StatusFail
		if ctx.Err() != nil {
			r.Message = "dial " + string(c) + ": " + doneMessage(ctx, start)
		} else {
			r.Message = err.Error()
		}
		return
	}
	elapsed := time.Since(start)
	conn.Close()
	r.Status = core.StatusPass
	r.Message = "connected to " + string(c) + " in " + round(elapsed).String()
	r.Value, r.HasValue = elapsed.Seconds(), true
}
