// Package grpcinterop holds the tests that put healthlite's gRPC health
// server and client against grpc-go's own: grpc-go's health client against
// healthlite, healthlite's probe and grpc check kind against grpc-go's
// health server, a kubelet-style client, and a differential test of
// healthlite's hand-written protobuf encoding against grpc-go's generated
// types. It lives in the bench module so that the root module does not
// depend on grpc-go.
package grpcinterop
