package metricsconf

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/core/metrics"
)

// invalid UTF-8 in label values and help must come out as U+FFFD, which
// every parser accepts.
func invalidUTF8Registry(t *testing.T) *metrics.Registry {
	r := metrics.NewRegistry()
	c, err := r.NewCounter("bad_utf8_total", "help \xff\xfe with bad bytes", "v", "a\xffb\xc3", "w", "ok")
	if err != nil {
		t.Fatal(err)
	}
	c.Inc()
	h, err := r.NewHistogram("bad_utf8_seconds", "\xc0", []float64{1}, "v", "\xe2\x82")
	if err != nil {
		t.Fatal(err)
	}
	h.Observe(0.5)
	return r
}

func TestInvalidUTF8IsReplaced(t *testing.T) {
	r := invalidUTF8Registry(t)
	for name, e := range map[string]*exposition{
		"text":        parseText(t, r.AppendPrometheus(nil)),
		"openmetrics": parseOpenMetrics(t, r.AppendOpenMetrics(nil)),
	} {
		key := seriesKey("bad_utf8_total", map[string]string{"v": "a\ufffdb\ufffd", "w": "ok"})
		if e.samples[key] != 1 {
			t.Errorf("%s: no sample %s in %v", name, key, e.order)
		}
		family := "bad_utf8_total"
		if name == "openmetrics" {
			family = "bad_utf8" // OpenMetrics names counter families without _total
		}
		if got, want := e.helps[family], "help \ufffd\ufffd with bad bytes"; got != want {
			t.Errorf("%s: help %q; want %q", name, got, want)
		}
		if key := seriesKey("bad_utf8_seconds_count", map[string]string{"v": "\ufffd\ufffd"}); e.samples[key] != 1 {
			t.Errorf("%s: no sample %s in %v", name, key, e.order)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal(r.AppendJSON(nil), &doc); err != nil {
		t.Fatalf("JSON invalid: %v", err)
	}
}

func TestOpenMetricsCounterWithoutSuffix(t *testing.T) {
	r := metrics.NewRegistry()
	c, err := r.NewCounter("jobs", "Jobs.", "q", "a")
	if err != nil {
		t.Fatal(err)
	}
	c.Add(3)
	e := parseOpenMetrics(t, r.AppendOpenMetrics(nil))
	if e.types["jobs"] != "counter" || e.samples[`jobs_total{q="a"}`] != 3 {
		t.Errorf("OpenMetrics counter family jobs with sample jobs_total: types %v samples %v", e.types, e.samples)
	}
	text := parseText(t, r.AppendPrometheus(nil))
	if text.types["jobs"] != "counter" || text.samples[`jobs{q="a"}`] != 3 {
		t.Errorf("text keeps the registered name: types %v samples %v", text.types, text.samples)
	}
}

// TestAllFormatsAgree parses the differential metric set in all three
// formats and checks that they carry the same samples.
func TestAllFormatsAgree(t *testing.T) {
	r := healthliteRegistry(t, differentialSpecs())
	text := parseText(t, r.AppendPrometheus(nil))
	om := parseOpenMetrics(t, r.AppendOpenMetrics(nil))
	js := parseJSON(t, r.AppendJSON(nil))

	// OpenMetrics names every counter sample with _total; map text names to it.
	for k, v := range text.samples {
		omKey := k
		if strings.HasPrefix(k, "diff_untotalled{") {
			omKey = "diff_untotalled_total" + k[len("diff_untotalled"):]
		}
		if w, ok := om.samples[omKey]; !ok || !sameFloat(v, w) {
			t.Errorf("text %s = %v; OpenMetrics %s = %v (present %v)", k, v, omKey, w, ok)
		}
		if w, ok := js.samples[k]; !ok || !sameFloat(v, w) {
			t.Errorf("text %s = %v; JSON = %v (present %v)", k, v, w, ok)
		}
	}
	if len(text.samples) != len(om.samples) || len(text.samples) != len(js.samples) {
		t.Errorf("sample counts differ: text %d, OpenMetrics %d, JSON %d", len(text.samples), len(om.samples), len(js.samples))
	}
	for name, typ := range text.types {
		if js.types[name] != typ || js.helps[name] != text.helps[name] {
			t.Errorf("family %s: text %s %q, JSON %s %q", name, typ, text.helps[name], js.types[name], js.helps[name])
		}
	}
}

// parseJSON reads healthlite's JSON document with encoding/json and
// flattens it like the text format.
func parseJSON(t *testing.T, b []byte) *exposition {
	t.Helper()
	var doc map[string]struct {
		Type   string `json:"type"`
		Help   string `json:"help"`
		Series []struct {
			Labels  map[string]string `json:"labels"`
			Value   any               `json:"value"`
			Count   *uint64           `json:"count"`
			Sum     any               `json:"sum"`
			Buckets map[string]uint64 `json:"buckets"`
		} `json:"series"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("encoding/json rejects the JSON: %v\n%s", err, b)
	}
	num := func(v any) float64 {
		switch v := v.(type) {
		case float64:
			return v
		case string:
			switch v {
			case "NaN":
				return math.NaN()
			case "+Inf":
				return math.Inf(1)
			case "-Inf":
				return math.Inf(-1)
			}
		}
		t.Fatalf("JSON value %#v is neither a number nor NaN/±Inf", v)
		return 0
	}
	e := newExposition()
	for name, fam := range doc {
		e.types[name], e.helps[name] = fam.Type, fam.Help
		for _, s := range fam.Series {
			if fam.Type != "histogram" {
				e.add(t, seriesKey(name, s.Labels), num(s.Value))
				continue
			}
			for le, n := range s.Buckets {
				if le != "+Inf" {
					le = leKey(t, le)
				}
				e.add(t, seriesKey(name+"_bucket", with(s.Labels, "le", le)), float64(n))
			}
			if s.Count == nil || s.Buckets["+Inf"] != *s.Count {
				t.Errorf("%s%v: count %v differs from +Inf bucket %d", name, s.Labels, s.Count, s.Buckets["+Inf"])
			}
			e.add(t, seriesKey(name+"_count", s.Labels), float64(*s.Count))
			e.add(t, seriesKey(name+"_sum", s.Labels), num(s.Sum))
		}
	}
	return e
}

// TestTextStructure checks what parsers tolerate but the issue requires:
// one TYPE per family, buckets strictly ascending and ending with +Inf
// equal to _count, a trailing newline.
func TestTextStructure(t *testing.T) {
	r := healthliteRegistry(t, differentialSpecs())
	for _, out := range []string{string(r.AppendPrometheus(nil)), string(r.AppendOpenMetrics(nil))} {
		if !strings.HasSuffix(out, "\n") {
			t.Errorf("no trailing newline")
		}
		types := map[string]bool{}
		prevLe := math.NaN() // bound of the previous bucket line, NaN outside a histogram
		var infCount string
		buckets := 0
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			value := line[strings.LastIndexByte(line, ' ')+1:]
			switch {
			case strings.HasPrefix(line, "# TYPE "):
				name := strings.Fields(line)[2]
				if types[name] {
					t.Errorf("TYPE %s twice", name)
				}
				types[name] = true
			case strings.Contains(line, "_bucket{"):
				i := strings.Index(line, `le="`) + 4
				le := math.Inf(1)
				if s := line[i : i+strings.IndexByte(line[i:], '"')]; s != "+Inf" {
					le = parseFloat(t, s)
				}
				if !math.IsNaN(prevLe) && !(le > prevLe) {
					t.Errorf("bucket %s not above the previous bound %v", line, prevLe)
				}
				prevLe, infCount = le, value
				buckets++
			case strings.Contains(line, "_sum") && !math.IsNaN(prevLe):
				if !math.IsInf(prevLe, 1) {
					t.Errorf("buckets before %s do not end with +Inf", line)
				}
				prevLe = math.NaN()
			case strings.Contains(line, "_count") && !strings.HasPrefix(line, "#"):
				if value != infCount {
					t.Errorf("%s: _count differs from the +Inf bucket %s", line, infCount)
				}
			}
		}
		if buckets < 10 {
			t.Errorf("only %d bucket lines checked", buckets)
		}
	}
}

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("bad float %q: %v", s, err)
	}
	return v
}
