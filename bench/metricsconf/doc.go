// Package metricsconf proves that healthlite's metrics encoders produce what
// Prometheus reads: every format is parsed with the real parsers (expfmt for
// text 0.0.4, Prometheus' own OpenMetrics parser, encoding/json), compared
// sample by sample with client_golang's output for the same metrics, and
// fuzzed with arbitrary label values and help strings.
//
// It holds tests only; run them with `go test ./metricsconf` in bench/.
package metricsconf
