package core

import "unicode/utf8"

// MaxMessage is the longest check message kept, in bytes. A longer one (a
// check that returns a whole error page, say) is cut on a rune boundary and
// ends with "…", so that it cannot bloat every rendered body. It matches
// the cap of WebAssembly check messages and of push API bodies, so a message
// is never cut twice in two different ways.
const MaxMessage = 4096

// ellipsis marks a message that was cut.
const ellipsis = "…"

// capMessage returns msg when it fits in MaxMessage bytes, and otherwise
// its first bytes, cut without splitting a rune, followed by "…". The cut
// message is a copy: the long one is not kept alive by it. Only a message
// that is too long is copied; one that fits costs nothing.
func capMessage(msg string) string {
	if len(msg) <= MaxMessage {
		return msg
	}
	return msg[:cutAt(msg)] + ellipsis
}

// sameCapped reports whether stored is capMessage(msg), without allocating.
func sameCapped(stored, msg string) bool {
	if len(msg) <= MaxMessage {
		return stored == msg
	}
	n := cutAt(msg)
	return len(stored) == n+len(ellipsis) && stored[:n] == msg[:n] && stored[n:] == ellipsis
}

// cutAt returns where a message longer than MaxMessage is cut: at most
// MaxMessage-len(ellipsis) bytes, moved back to the start of the rune it
// would split. Invalid UTF-8 is cut anywhere (the encoders replace it).
func cutAt(msg string) int {
	limit := MaxMessage - len(ellipsis)
	n := limit
	for n > limit-(utf8.UTFMax-1) && !utf8.RuneStart(msg[n]) {
		n--
	}
	return n
}
