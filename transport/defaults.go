package transport

import (
	"log/slog"
	"time"
)

// The hardened defaults of both transports' Server (transport/stdlib and
// transport/fasthttp), in one place so that the two cannot drift apart.
// Probes are small, quick and bodiless; anything slower or bigger is not a
// probe.
const (
	DefaultReadHeaderTimeout  = 2 * time.Second
	DefaultReadTimeout        = 5 * time.Second
	DefaultWriteTimeout       = 5 * time.Second
	DefaultIdleTimeout        = 60 * time.Second
	DefaultMaxHeaderBytes     = 8 << 10
	DefaultMaxRequestBodySize = 1 << 10
)

// TooLargeText is what both transports answer, with 413 and a line break,
// to a request body over the cap or of unknown length: probes carry none.
const TooLargeText = "413 request body too large: probes carry none"

// orDefault is log, or slog.Default() when log is nil: every Logger field
// and argument of this package means that by default.
func orDefault(log *slog.Logger) *slog.Logger {
	if log == nil {
		return slog.Default()
	}
	return log
}
