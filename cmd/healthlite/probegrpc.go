package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/healthlite/healthlite/transport/grpchealth"
)

// probeGRPC implements "healthlite probe --grpc": one Check, exit 0 on
// SERVING and 1 otherwise (bad flags included, as for the HTTP probe),
// with one line saying what happened.
func probeGRPC(o *options, addr, service string, timeout time.Duration, tlsConfig *tls.Config, stdout, stderr io.Writer) int {
	var clash []string
	for _, name := range []string{"url", "port-file", "ports", "host", "path"} {
		if o.set[name] {
			clash = append(clash, "--"+name)
		}
	}
	switch {
	case addr == "":
		fmt.Fprintln(stderr, "healthlite probe: --service needs --grpc HOST:PORT")
		return 1
	case len(clash) > 0:
		fmt.Fprintf(stderr, "healthlite probe: --grpc cannot go with %s\n", strings.Join(clash, " and "))
		return 1
	case timeout <= 0:
		fmt.Fprintln(stderr, "healthlite probe: --timeout must be more than 0")
		return 1
	}
	host, port, err := net.SplitHostPort(addr)
	if n, perr := strconv.Atoi(port); err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
		fmt.Fprintf(stderr, "healthlite probe: --grpc %q: want HOST:PORT, e.g. 127.0.0.1:8080\n", addr)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	what := "grpc://" + addr + " service " + strconv.Quote(service)
	var st grpchealth.Status
	if tlsConfig != nil {
		what = "grpcs://" + addr + " service " + strconv.Quote(service)
		st, err = grpcCheckTLS(ctx, addr, service, tlsConfig)
	} else {
		st, err = grpchealth.Check(ctx, addr, service)
	}
	var ge *grpchealth.Error
	switch {
	case err == nil && st == grpchealth.StatusServing:
		fmt.Fprintf(stdout, "healthy: %s is SERVING\n", what)
		return 0
	case err == nil:
		fmt.Fprintf(stderr, "unhealthy: %s is %s\n", what, st)
	case errors.As(err, &ge):
		fmt.Fprintf(stderr, "unhealthy: %s: %v\n", what, ge)
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(stderr, "unhealthy: %s did not answer in %v\n", what, timeout)
	default:
		fmt.Fprintf(stderr, "unhealthy: %s %v\n", what, describeDialError(err))
	}
	return 1
}
