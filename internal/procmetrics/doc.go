// Package procmetrics exports the process_* and go_* metrics a Prometheus
// client library's default collectors export (client_golang's
// ProcessCollector and GoCollector, by the same names, types and help
// texts) into a healthlite metrics registry: CPU time, resident and virtual
// memory, open and maximum file descriptors, goroutines, threads, the Go
// version, the runtime's settings and the memory statistics.
//
// Values are read by a Sampler on its own goroutine, not on the scrape path,
// and set in one metrics.Registry.Batch, which renders them into a block: a
// scrape copies that block, so it takes no lock, makes no system call and
// allocates nothing. core stays free of OS reads; the binary wires this in.
package procmetrics
