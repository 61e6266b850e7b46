package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/healthlite/healthlite/internal/grpcprobe"
	"github.com/healthlite/healthlite/internal/healthwire"
)

// probeGRPC implements "healthlite probe --grpc": one Check, exit 0 on
// SERVING and 1 otherwise (bad flags included, as for the HTTP probe),
// with one line saying what happened. healthlite-probe runs the same code.
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
	}
	if tlsConfig == nil {
		return grpcprobe.Run("healthlite probe", addr, service, timeout, "grpc", nil, stdout, stderr)
	}
	check := func(ctx context.Context, addr, service string) (healthwire.Status, error) {
		return grpcCheckTLS(ctx, addr, service, tlsConfig)
	}
	return grpcprobe.Run("healthlite probe", addr, service, timeout, "grpcs", check, stdout, stderr)
}
