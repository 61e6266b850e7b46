package botlog_test

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/healthlite/healthlite/internal/botlog"
)

func ExampleNewHandler() {
	h := botlog.NewHandler(os.Stdout, botlog.Options{})
	at := time.Date(2026, 11, 28, 19, 29, 30, 316_000_000, time.Local)
	_ = h.Handle(context.Background(), slog.NewRecord(at, slog.LevelWarn, "Port 8080 is already in use, trying next port...", 0))
	r := slog.NewRecord(at, slog.LevelInfo, "Health server started on port 8081", 0)
	_ = h.Handle(context.Background(), r)
	// Output:
	// 2026-11-28 19:29:30,316 - healthlite - WARNING - Port 8080 is already in use, trying next port...
	// 2026-11-28 19:29:30,316 - healthlite - INFO - Health server started on port 8081
}
