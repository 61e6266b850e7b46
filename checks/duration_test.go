package checks

import (
	"context"
	"testing"
	"time"
)

func TestRound(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{1234 * time.Nanosecond, "1µs"},
		{3400 * time.Microsecond, "3ms"},
		{1999600 * time.Microsecond, "2s"},
		{45*time.Second + 400*time.Millisecond, "45s"},
		{time.Hour + 300*time.Millisecond, "1h0m0s"},
	}
	for _, tt := range tests {
		if got := round(tt.in).String(); got != tt.want {
			t.Errorf("round(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestDoneMessage(t *testing.T) {
	start := time.Now().Add(-3 * time.Second)
	ctx, cancel := context.WithDeadline(context.Background(), start.Add(2*time.Second))
	defer cancel()
	if got := doneMessage(ctx, start); got != "timeout after 2s" {
		t.Errorf("expired deadline: %q, want %q", got, "timeout after 2s")
	}
	// A deadline that had passed before the check began.
	ctx, cancel = context.WithDeadline(context.Background(), start.Add(-time.Second))
	defer cancel()
	if got := doneMessage(ctx, start); got != "timeout after 0s" {
		t.Errorf("deadline before start: %q, want %q", got, "timeout after 0s")
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if got := doneMessage(ctx, start); got != "canceled" {
		t.Errorf("canceled: %q, want %q", got, "canceled")
	}
}
