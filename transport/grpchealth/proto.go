package grpchealth

import "github.com/healthlite/healthlite/internal/healthwire"

// Status is grpc.health.v1.HealthCheckResponse.ServingStatus.
type Status = healthwire.Status

// The serving statuses of health.proto.
const (
	StatusUnknown        = healthwire.StatusUnknown
	StatusServing        = healthwire.StatusServing
	StatusNotServing     = healthwire.StatusNotServing
	StatusServiceUnknown = healthwire.StatusServiceUnknown // only Watch sends it
)

// The messages are encoded by hand in internal/healthwire, which the probe
// binaries share without linking this package's server; the functions below
// are its codec.

// AppendRequest appends a HealthCheckRequest{service} (an empty service is
// the empty message, as proto3 omits default values).
func AppendRequest(dst []byte, service string) []byte {
	return healthwire.AppendRequest(dst, service)
}

// ParseRequest returns the service of a HealthCheckRequest message. The
// result aliases msg. Unknown fields, and a field of the wrong wire type,
// are skipped, as protobuf does; the last occurrence of the field wins.
func ParseRequest(msg []byte) (service []byte, err error) { return healthwire.ParseRequest(msg) }

// AppendResponse appends a HealthCheckResponse{status}.
func AppendResponse(dst []byte, st Status) []byte { return healthwire.AppendResponse(dst, st) }

// ParseResponse returns the status of a HealthCheckResponse message.
func ParseResponse(msg []byte) (Status, error) { return healthwire.ParseResponse(msg) }

// ParseList calls fn for every entry of a HealthListResponse message.
func ParseList(msg []byte, fn func(name string, st Status)) error {
	return healthwire.ParseList(msg, fn)
}
