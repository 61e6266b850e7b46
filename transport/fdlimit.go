package transport

// DefaultReservedFiles is the least number of descriptors DefaultMaxConns
// keeps out of the connection cap for everything else a health server
// opens: its checks' sockets, pipes and files, the push API, the health
// file, logs.
const DefaultReservedFiles = 64

// unknownLimitMaxConns is the cap where the open file limit is unknown.
const unknownLimitMaxConns = 4096

// DefaultMaxConns returns the connection cap for the open file limit
// (FileLimit): the limit less reserve descriptors, or less an eighth of
// the limit when that is more, so that connections can never take the
// descriptors the checks need. The cap is at least a quarter of the limit
// (and 1); with the limit unknown (0) it is 4096.
//
// At 1024 descriptors and the default reserve it is 896; at 20,000 it is
// 17,500.
func DefaultMaxConns(limit, reserve int) int {
	if limit <= 0 {
		return unknownLimitMaxConns
	}
	n := limit - max(reserve, limit/8)
	return max(n, limit/4, 1)
}

// LocalShare returns how many of maxConns connections are kept for
// loopback clients by default: an eighth, but at least 8 (or half of a
// cap under 16). A flood from other hosts can take the rest, never these:
// the kubelet's exec probe, a sidecar's probe and a local curl still get
// through.
func LocalShare(maxConns int) int {
	return max(maxConns/8, min(8, maxConns/2))
}
