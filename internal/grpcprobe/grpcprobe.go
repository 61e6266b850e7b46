// Package grpcprobe is "probe --grpc" of healthlite and of healthlite-probe:
// one grpc.health.v1 Check and one line saying what happened. It links
// internal/healthwire and the standard library's net, nothing heavier.
package grpcprobe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/healthlite/healthlite/internal/healthwire"
)

// CheckFunc asks addr for service within ctx, as healthwire.Check does over
// cleartext; a caller speaking TLS passes its own.
type CheckFunc func(ctx context.Context, addr, service string) (healthwire.Status, error)

// Run checks service at addr (HOST:PORT) once within timeout, with check
// (healthwire.Check when nil; scheme names it in the line, "grpc" or
// "grpcs"). It writes "healthy: …" to stdout and returns 0 on SERVING;
// otherwise it writes one line to stderr and returns 1: never 2, which
// Docker reserves. name prefixes the messages about bad input.
func Run(name, addr, service string, timeout time.Duration, scheme string, check CheckFunc, stdout, stderr io.Writer) int {
	host, port, err := net.SplitHostPort(addr)
	if n, perr := strconv.Atoi(port); err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
		fmt.Fprintf(stderr, "%s: --grpc %q: want HOST:PORT, e.g. 127.0.0.1:8080\n", name, addr)
		return 1
	}
	if timeout <= 0 {
		fmt.Fprintf(stderr, "%s: --timeout must be more than 0\n", name)
		return 1
	}
	if check == nil {
		check = healthwire.Check
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	what := scheme + "://" + addr + " service " + strconv.Quote(service)
	st, err := check(ctx, addr, service)
	var ge *healthwire.Error
	switch {
	case err == nil && st == healthwire.StatusServing:
		fmt.Fprintf(stdout, "healthy: %s is SERVING\n", what)
		return 0
	case err == nil:
		fmt.Fprintf(stderr, "unhealthy: %s is %s\n", what, st)
	case errors.As(err, &ge):
		fmt.Fprintf(stderr, "unhealthy: %s: %v\n", what, ge)
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(stderr, "unhealthy: %s did not answer in %v\n", what, timeout)
	default:
		fmt.Fprintf(stderr, "unhealthy: %s %v\n", what, DescribeDialError(err))
	}
	return 1
}

// DescribeDialError says in a few words why a connection failed, for the
// probes' one line.
func DescribeDialError(err error) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return errors.New("did not answer in time")
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("refused the connection")
	}
	return err
}
