package grpchealth

import (
	"bytes"
	"strconv"
	"sync"

	"github.com/healthlite/healthlite/internal/healthwire"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// The gRPC status codes this package sends or reads.
const (
	codeOK                = 0
	codeInvalidArgument   = 3
	codeDeadlineExceeded  = 4
	codeNotFound          = 5
	codeResourceExhausted = 8
	codeUnimplemented     = 12
	codeInternal          = 13
	codeUnavailable       = 14
)

// frameHeaderLen is the size of an HTTP/2 frame header.
const frameHeaderLen = 9

// appendFrameHeader appends an HTTP/2 frame header.
func appendFrameHeader(dst []byte, length int, typ http2.FrameType, flags http2.Flags, stream uint32) []byte {
	return append(dst, byte(length>>16), byte(length>>8), byte(length), byte(typ), byte(flags),
		byte(stream>>24&0x7f), byte(stream>>16), byte(stream>>8), byte(stream))
}

// appendFrame appends a whole frame.
func appendFrame(dst []byte, typ http2.FrameType, flags http2.Flags, stream uint32, payload []byte) []byte {
	dst = appendFrameHeader(dst, len(payload), typ, flags, stream)
	return append(dst, payload...)
}

// putStreamID writes stream into the frame header at b[0:9].
func putStreamID(b []byte, stream uint32) {
	b[5], b[6], b[7], b[8] = byte(stream>>24&0x7f), byte(stream>>16), byte(stream>>8), byte(stream)
}

// encodeBlock HPACK-encodes fields without the dynamic table, so that the
// block means the same on every connection and can be rendered once.
func encodeBlock(fields ...string) []byte {
	var buf bytes.Buffer
	enc := hpack.NewEncoder(&buf)
	enc.SetMaxDynamicTableSizeLimit(0)
	enc.WriteField(hpack.HeaderField{Name: ":status", Value: "200"}) // carries the table size update
	buf.Reset()
	for i := 0; i+1 < len(fields); i += 2 {
		enc.WriteField(hpack.HeaderField{Name: fields[i], Value: fields[i+1]})
	}
	return bytes.Clone(buf.Bytes())
}

// answer is a whole pre-rendered response of one stream (HEADERS, DATA,
// trailing HEADERS) with stream 0 in its frame headers; ids are the
// offsets of the frame headers, whose stream id is patched when sent.
type answer struct {
	bytes []byte
	ids   [3]int
	n     int // frames
	msg   []byte
}

// unaryAnswer renders the answer carrying message m and status OK.
func (r *renderedAnswers) unaryAnswer(m []byte) *answer {
	a := &answer{msg: m, n: 3}
	a.bytes = appendFrame(a.bytes, http2.FrameHeaders, http2.FlagHeadersEndHeaders, 0, r.blockHeaders)
	a.ids[1] = len(a.bytes)
	a.bytes = appendFrame(a.bytes, http2.FrameData, 0, 0, m)
	a.ids[2] = len(a.bytes)
	a.bytes = appendFrame(a.bytes, http2.FrameHeaders, http2.FlagHeadersEndHeaders|http2.FlagHeadersEndStream, 0, r.blockOK)
	return a
}

// errorAnswer renders a Trailers-Only response: one HEADERS frame that
// ends the stream with grpc-status code and a percent-encoded message.
func errorAnswer(httpStatus, code int, msg string) *answer {
	block := encodeBlock(":status", strconv.Itoa(httpStatus), "content-type", "application/grpc",
		"grpc-status", strconv.Itoa(code), "grpc-message", percentEncode(msg))
	return &answer{bytes: appendFrame(nil, http2.FrameHeaders, http2.FlagHeadersEndHeaders|http2.FlagHeadersEndStream, 0, block), n: 1}
}

// trailerBlock renders trailers that end a stream whose headers were sent.
func (r *renderedAnswers) trailerBlock(code int, msg string) []byte {
	if code == codeOK {
		return r.blockOK
	}
	return encodeBlock("grpc-status", strconv.Itoa(code), "grpc-message", percentEncode(msg))
}

// rendered holds the blocks, messages and answers that do not depend on
// the request, rendered once, on first use: not at package init, which
// every start of the healthlite binary (probe included) would pay for.
var rendered = sync.OnceValue(render)

// renderedAnswers is what rendered returns.
type renderedAnswers struct {
	blockHeaders, blockOK, msgServing, msgNot []byte

	answerServing, answerNotServing, answerUnavail, answerNotFound      *answer
	answerNoMessage, answerBadMessage, answerTooLarge, answerCompressed *answer
	answerDeadline, answerBadTimeout, answerContent                     *answer
	answerListMany, answerWatchCap, answerHeaderSize                    *answer

	// Answers of requests that are not gRPC health calls.
	answerNotPost, answerNoService, answerNoMethod, answerEncodingBad *answer

	trailerDeadline, trailerClosing []byte
}

// render renders renderedAnswers.
func render() *renderedAnswers {
	r := &renderedAnswers{
		blockHeaders: encodeBlock(":status", "200", "content-type", "application/grpc"),
		blockOK:      encodeBlock("grpc-status", "0"),
		msgServing:   healthwire.AppendMessage(nil, AppendResponse(nil, StatusServing)),
		msgNot:       healthwire.AppendMessage(nil, AppendResponse(nil, StatusNotServing)),
	}
	r.answerServing = r.unaryAnswer(r.msgServing)
	r.answerNotServing = r.unaryAnswer(r.msgNot)
	r.answerUnavail = errorAnswer(200, codeUnavailable, "NOT_SERVING")
	r.answerNotFound = errorAnswer(200, codeNotFound, "unknown service")
	r.answerNoMessage = errorAnswer(200, codeInternal, "grpc: request carries no message")
	r.answerBadMessage = errorAnswer(200, codeInternal, "grpc: error unmarshalling request: malformed message")
	r.answerTooLarge = errorAnswer(200, codeResourceExhausted, "grpc: received message larger than max")
	r.answerCompressed = errorAnswer(200, codeUnimplemented, "grpc: compressed messages are not supported")
	r.answerDeadline = errorAnswer(200, codeDeadlineExceeded, "context deadline exceeded")
	r.answerBadTimeout = errorAnswer(200, codeInternal, "malformed grpc-timeout")
	r.answerContent = errorAnswer(415, codeInvalidArgument, "invalid gRPC request content-type")
	r.answerListMany = errorAnswer(200, codeResourceExhausted, "server health list exceeds maximum capacity: 100")
	r.answerWatchCap = errorAnswer(200, codeResourceExhausted, "too many Watch streams")
	r.answerHeaderSize = errorAnswer(431, codeResourceExhausted, "request header list too large")
	r.answerNotPost = errorAnswer(405, codeUnimplemented, "gRPC wants POST")
	r.answerNoService = errorAnswer(200, codeUnimplemented, "unknown service; this server implements grpc.health.v1.Health")
	r.answerNoMethod = errorAnswer(200, codeUnimplemented, "unknown method for service grpc.health.v1.Health")
	r.answerEncodingBad = errorAnswer(200, codeUnimplemented, "grpc: Decompressor is not installed for the grpc-encoding")
	r.trailerDeadline = r.trailerBlock(codeDeadlineExceeded, "context deadline exceeded")
	r.trailerClosing = r.trailerBlock(codeUnavailable, "healthlite: shutting down")
	return r
}

// percentEncode encodes msg as grpc-message wants: every byte outside
// printable ASCII, and '%', as %XX.
func percentEncode(msg string) string {
	const hex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if c >= 0x20 && c <= 0x7e && c != '%' {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(b, msg[:i]...)
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	if b == nil {
		return msg
	}
	return string(b)
}
