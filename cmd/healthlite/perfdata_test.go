package main

import (
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

func TestPerfdataGauges(t *testing.T) {
	reg := metrics.NewRegistry()
	p := newPerfdataGauges(reg, "disk", slog.New(slog.NewTextHandler(io.Discard, nil)))
	p.set("used /", 85)
	p.set("used /", 86) // the same series, updated
	for i := 0; i < 2*maxPerfdataLabels; i++ {
		p.set("l"+strconv.Itoa(i), float64(i))
	}
	out := string(reg.AppendPrometheus(nil))
	if !strings.Contains(out, `healthlite_check_perfdata{check="disk",label="used /"} 86`) {
		t.Errorf("missing the updated gauge:\n%s", out)
	}
	if n := strings.Count(out, "healthlite_check_perfdata{"); n != maxPerfdataLabels {
		t.Errorf("%d series exported, want the cap of %d", n, maxPerfdataLabels)
	}
}
