package transport

import "context"

// AskInstance asks http://ADDR:PORT/health?verbose which healthlite holds
// port (addr as Config.Addr: empty or unspecified means loopback) and
// returns its service name and pid; ok is false when nothing answers there
// as healthlite does. It is the question Listen asks a busy port to warn
// of a duplicate instance, for callers that keep watching for one.
func AskInstance(ctx context.Context, addr string, port int) (service string, pid int, ok bool) {
	id, ok := askIdentity(ctx, addr, port)
	return id.Service, id.PID, ok
}
