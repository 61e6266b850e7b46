// Package healthwire is grpc.health.v1 on the wire without grpc-go: the
// messages' protobuf encoding, done by hand, and a Check client over HTTP/2
// that frames by hand and links no more than x/net's HPACK. The server in
// transport/grpchealth and both probe binaries share it; the probe-only
// binary (cmd/healthlite-probe) links this package and not the server, so
// that it starts as fast as a Go program can.
package healthwire
