// Package transport binds the health server's port the way the bot server
// did, and is shared by every transport (transport/stdlib,
// transport/fasthttp).
//
// # Binding with fallback
//
// Listen tries a list of ports in order — by default DefaultPorts,
// 8080-8084; the binary reads HEALTH_SERVER_PORTS with ParsePorts — and
// logs, through log/slog, the bot server's own lines:
//
//	2026-11-28 19:29:30,316 - healthlite - WARNING - Port 8080 is already in use, trying next port...
//	2026-11-28 19:29:30,317 - healthlite - INFO - Health server started on port 8081
//
// A busy port is asked for /health?verbose before Listen moves on: when a
// healthlite of the same service answers, a duplicate instance is running —
// the bot server's root cause — and Listen says so with its pid. When no
// port is free Listen logs an ERROR naming every port tried and returns a
// *NoFreePortError; the caller carries on without a listener (the bot
// server's graceful degradation) or exits. SO_REUSEPORT is never set.
//
// # Socket activation
//
// Under systemd socket activation (LISTEN_PID is this process, LISTEN_FDS
// at least 1) Listen serves on the passed socket instead of binding.
//
// # Serving
//
// Hand the listener to a transport's Server:
//
//	ln, err := transport.Listen(ctx, transport.Config{Service: "bot"})
//	...
//	srv := &fasthttp.Server{Health: h} // or stdlib.Server
//	go srv.Serve(ln)
//	...
//	srv.Shutdown(ctx)
//
// Both Servers have the same hardened defaults, DefaultReadHeaderTimeout
// through DefaultMaxRequestBodySize, defined once here.
//
// # Running out of descriptors
//
// Both Servers serve through a Guard: accept errors such as EMFILE are
// retried with a backoff, never fatal, and connections are capped below
// the open file limit (DefaultMaxConns of FileLimit, or Server.MaxConns),
// so that checks keep the descriptors they need during a flood. Past the
// cap the oldest idle connection makes room; LocalShare of the cap is kept
// for loopback clients.
//
// # HTTP/2 on the same listener
//
// SplitH2C wraps a listener so that connections opening with the HTTP/2
// client preface go to another server — the transports' GRPC field hands
// them to transport/grpchealth — while every other connection reaches the
// HTTP server unchanged.
//
// # TLS
//
// LoadKeyPair reads a certificate and key and reads them again when they
// change (Watch); ServerTLS makes the configuration both Servers take in
// their TLS field, with client certificates verified against the CAs of
// LoadClientCAs, reloaded the same way. LoadToken reads a bearer token the
// same way. A client
// with a verified certificate or the token counts as trusted
// (core.Request.Trusted) and sees details as a local one does.
//
//	kp, err := transport.LoadKeyPair("/tls/tls.crt", "/tls/tls.key", log)
//	...
//	go kp.Watch(ctx, 0)
//	srv := &fasthttp.Server{Health: h, TLS: transport.ServerTLS(kp, nil)}
//
// Package transporttest holds the conformance suite every transport passes.
package transport
