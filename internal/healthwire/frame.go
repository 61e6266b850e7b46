package healthwire

import (
	"errors"
	"strconv"
)

// HTTP/2 frame types, flags and sizes (RFC 9113 §4, §6) the client uses.
const (
	frameHeaderLen = 9
	maxFrameSize   = 16 << 10 // SETTINGS_MAX_FRAME_SIZE's default, which the client keeps

	frameData         = 0x0
	frameHeaders      = 0x1
	frameRSTStream    = 0x3
	frameSettings     = 0x4
	framePing         = 0x6
	frameGoAway       = 0x7
	frameContinuation = 0x9

	flagEndStream  = 0x1
	flagAck        = 0x1
	flagEndHeaders = 0x4
	flagPadded     = 0x8
	flagPriority   = 0x20
)

// errFrame is a frame whose payload does not fit its type.
var errFrame = errors.New("grpc: malformed HTTP/2 frame")

// appendFrameHeader appends the 9-byte header of a frame.
func appendFrameHeader(dst []byte, length int, typ, flags byte, stream uint32) []byte {
	return append(dst, byte(length>>16), byte(length>>8), byte(length), typ, flags,
		byte(stream>>24&0x7f), byte(stream>>16), byte(stream>>8), byte(stream))
}

// unpad strips a PADDED frame's pad length and padding.
func unpad(flags byte, p []byte) ([]byte, error) {
	if flags&flagPadded == 0 {
		return p, nil
	}
	if len(p) < 1 || int(p[0]) >= len(p) {
		return nil, errFrame
	}
	return p[1 : len(p)-int(p[0])], nil
}

// h2ErrName names the error code in p (4 bytes) as RFC 9113 §7 does.
func h2ErrName(p []byte) string {
	code := uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
	names := [...]string{"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
		"STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR",
		"ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"}
	if code < uint32(len(names)) {
		return names[code]
	}
	return "unknown error code 0x" + strconv.FormatUint(uint64(code), 16)
}
