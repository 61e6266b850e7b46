// Package grpchealth serves and asks the gRPC Health Checking Protocol
// (grpc.health.v1.Health: Check, Watch and List) over HTTP/2 cleartext
// with prior knowledge, from a core.Health's snapshots.
//
// # Server
//
// Server answers for the services "" (the /healthz verdict), "liveness"
// and "livez", "readiness" and "readyz", "startup", and every check by its
// name: SERVING when it passes or warns, NOT_SERVING otherwise. An unknown
// service fails Check with NOT_FOUND and is SERVICE_UNKNOWN to Watch,
// which reports one message per change of its service's status. The
// transports serve it on their HTTP listener (their GRPC field, through
// transport.SplitH2C); Serve and ServeConn serve a listener or a
// connection of one's own.
//
// Every answer is rendered in advance: a Check looks its service up in a
// table made when a snapshot changes a status and writes fixed bytes with
// the stream id patched in, allocating nothing. HTTP/2 framing and HPACK
// come from golang.org/x/net/http2; the two health messages are encoded
// by hand. Every resource a client can make the server hold is bounded:
// streams, Watch streams, header blocks (encoded and decoded), control
// frames (the floods and rapid reset of CVE-2023-44487), flow-control
// windows, idle and write time.
//
// # Client
//
// Check asks a server for a service's status on a new connection, as the
// kubelet does; checks.GRPC and "healthlite probe --grpc" use it.
package grpchealth
