package healthwire

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"time"

	"golang.org/x/net/http2/hpack"
)

// ClientPreface is the 24 bytes an HTTP/2 client with prior knowledge
// sends first.
const ClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// CheckPath is the :path of grpc.health.v1.Health/Check.
const CheckPath = "/grpc.health.v1.Health/Check"

// maxResponse bounds the answer's message, with its 5-byte prefix.
const maxResponse = 4 << 10

// maxHeaderBlock bounds a response's header block (HEADERS and its
// CONTINUATIONs) before decoding, and so the decoded strings.
const maxHeaderBlock = 64 << 10

// Error is a gRPC error status a server answered with.
type Error struct {
	// Code is the gRPC status code, such as 5 (NOT_FOUND).
	Code int
	// Message is grpc-message, percent-decoded.
	Message string
}

// Error says "rpc error: code = NotFound desc = unknown service", as grpc-go does.
func (e *Error) Error() string {
	return "rpc error: code = " + codeName(e.Code) + " desc = " + e.Message
}

// codeName is the name grpc-go gives a status code.
func codeName(c int) string {
	names := [...]string{"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound",
		"AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted",
		"OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"}
	if c >= 0 && c < len(names) {
		return names[c]
	}
	return "Code(" + strconv.Itoa(c) + ")"
}

// Check asks the server at addr (host:port, HTTP/2 cleartext with prior
// knowledge, a new connection) for the status of service with
// grpc.health.v1.Health/Check, within ctx's deadline, which it passes on
// as grpc-timeout. A gRPC error status is returned as an *Error.
func Check(ctx context.Context, addr, service string) (Status, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return 0, err
	}
	defer nc.Close()
	return CheckOn(ctx, nc, addr, service, "http")
}

// CheckOn is Check on a connection the caller dialled (and, for scheme
// "https", already wrapped in TLS); it sets nc's deadline from ctx and
// interrupts it when ctx ends, and maps a timeout to ctx's error.
func CheckOn(ctx context.Context, nc net.Conn, authority, service, scheme string) (Status, error) {
	if dl, ok := ctx.Deadline(); ok {
		nc.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	st, err := CheckConn(nc, authority, service, scheme, deadlineOf(ctx))
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		// The connection's deadline may fire a moment before ctx's timer.
		if dl, ok := ctx.Deadline(); ok && errors.Is(err, os.ErrDeadlineExceeded) && !time.Now().Before(dl) {
			return 0, context.DeadlineExceeded
		}
	}
	return st, err
}

// deadlineOf is the time left before ctx's deadline, 0 for none.
func deadlineOf(ctx context.Context) time.Duration {
	dl, ok := ctx.Deadline()
	if !ok {
		return 0
	}
	if d := time.Until(dl); d > 0 {
		return d
	}
	return time.Nanosecond
}

// CheckConn sends the client preface and one Check on nc, and reads the
// answer. authority is the :authority header and scheme the :scheme
// ("http", or "https" over TLS); timeout, when positive, is sent as
// grpc-timeout. The caller sets nc's deadlines and closes it.
func CheckConn(nc net.Conn, authority, service, scheme string, timeout time.Duration) (Status, error) {
	var block []byte
	enc := hpack.NewEncoder(appender{&block})
	for _, f := range [...][2]string{{":method", "POST"}, {":scheme", scheme}, {":path", CheckPath},
		{":authority", authority}, {"content-type", "application/grpc"}, {"te", "trailers"}} {
		enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	if timeout > 0 {
		enc.WriteField(hpack.HeaderField{Name: "grpc-timeout", Value: EncodeTimeout(timeout)})
	}
	msg := AppendMessage(nil, AppendRequest(nil, service))
	out := make([]byte, 0, len(ClientPreface)+3*frameHeaderLen+len(block)+len(msg))
	out = append(out, ClientPreface...)
	out = appendFrameHeader(out, 0, frameSettings, 0, 0)
	out = appendFrameHeader(out, len(block), frameHeaders, flagEndHeaders, 1)
	out = append(out, block...)
	out = appendFrameHeader(out, len(msg), frameData, flagEndStream, 1)
	out = append(out, msg...)
	if _, err := nc.Write(out); err != nil {
		return 0, err
	}
	c := clientConn{nc: nc, dec: hpack.NewDecoder(4096, nil)}
	c.dec.SetMaxStringLength(maxHeaderBlock)
	if err := c.readAnswer(); err != nil {
		return 0, err
	}
	return c.r.result()
}

// appender is an io.Writer appending to a byte slice, for hpack's encoder.
type appender struct{ b *[]byte }

func (a appender) Write(p []byte) (int, error) {
	*a.b = append(*a.b, p...)
	return len(p), nil
}

// clientConn reads the server's frames until stream 1 ends.
type clientConn struct {
	nc    net.Conn
	dec   *hpack.Decoder
	r     response
	buf   [frameHeaderLen + maxFrameSize]byte
	block []byte // a header block still expecting CONTINUATION
}

// readAnswer reads frames, answering SETTINGS and PING, until the answer
// on stream 1 is complete.
func (c *clientConn) readAnswer() error {
	for !c.r.done {
		h := c.buf[:frameHeaderLen]
		if _, err := io.ReadFull(c.nc, h); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
				return nil // result says the response did not end
			}
			return err
		}
		n := int(h[0])<<16 | int(h[1])<<8 | int(h[2])
		typ, flags := h[3], h[4]
		stream := uint32(h[5]&0x7f)<<24 | uint32(h[6])<<16 | uint32(h[7])<<8 | uint32(h[8])
		if n > maxFrameSize {
			return errors.New("grpc: the server sent a frame larger than SETTINGS_MAX_FRAME_SIZE")
		}
		p := c.buf[frameHeaderLen : frameHeaderLen+n]
		if _, err := io.ReadFull(c.nc, p); err != nil {
			return err
		}
		if c.block != nil && typ != frameContinuation {
			return errors.New("grpc: a header block was interrupted by another frame")
		}
		if err := c.frame(typ, flags, stream, p); err != nil {
			return err
		}
	}
	return nil
}

// frame handles one frame of type typ with payload p.
func (c *clientConn) frame(typ, flags byte, stream uint32, p []byte) error {
	switch typ {
	case frameData:
		if stream != 1 {
			return nil
		}
		p, err := unpad(flags, p)
		if err != nil {
			return err
		}
		c.r.body = append(c.r.body, p...)
		if len(c.r.body) > maxResponse {
			return errors.New("grpc: response message too large")
		}
		if flags&flagEndStream != 0 {
			c.r.done = true
		}
	case frameHeaders:
		p, err := unpad(flags, p)
		if err == nil && flags&flagPriority != 0 {
			if len(p) < 5 {
				err = errFrame
			} else {
				p = p[5:]
			}
		}
		if err != nil {
			return err
		}
		c.block = append(make([]byte, 0, len(p)), p...)
		return c.endBlock(flags, stream, flags&flagEndStream != 0)
	case frameContinuation:
		if c.block == nil {
			return errors.New("grpc: CONTINUATION without HEADERS")
		}
		c.block = append(c.block, p...)
		return c.endBlock(flags, stream, c.r.pendingEnd)
	case frameRSTStream:
		if stream == 1 && len(p) == 4 {
			return errors.New("grpc: stream reset by the server: " + h2ErrName(p))
		}
	case frameSettings:
		if flags&flagAck == 0 {
			if len(p)%6 != 0 {
				return errFrame
			}
			_, err := c.nc.Write(appendFrameHeader(nil, 0, frameSettings, flagAck, 0))
			return err
		}
	case framePing:
		if flags&flagAck == 0 && len(p) == 8 {
			_, err := c.nc.Write(append(appendFrameHeader(nil, 8, framePing, flagAck, 0), p...))
			return err
		}
	case frameGoAway:
		if len(p) >= 8 && (uint32(p[0]&0x7f)<<24|uint32(p[1])<<16|uint32(p[2])<<8|uint32(p[3])) < 1 {
			return errors.New("grpc: server sent GOAWAY: " + h2ErrName(p[4:8]))
		}
	}
	return nil // WINDOW_UPDATE, PRIORITY, PUSH_PROMISE is refused by SETTINGS' default… and unknown types
}

// endBlock decodes the header block once END_HEADERS came (every block,
// so that HPACK's dynamic table stays in step with the server's).
func (c *clientConn) endBlock(flags byte, stream uint32, endStream bool) error {
	if len(c.block) > maxHeaderBlock {
		return errors.New("grpc: response header list too large")
	}
	if flags&flagEndHeaders == 0 {
		c.r.pendingEnd = endStream
		return nil
	}
	fields, err := c.dec.DecodeFull(c.block)
	c.block = nil
	if err != nil {
		return errors.New("grpc: " + err.Error())
	}
	if stream == 1 {
		c.r.headers(fields, endStream)
	}
	return nil
}

// response collects the answer of one unary call.
type response struct {
	httpStatus string
	grpcStatus string
	message    string
	body       []byte
	done       bool
	pendingEnd bool // END_STREAM of a HEADERS whose CONTINUATION is to come
}

// headers takes the response headers or the trailers.
func (r *response) headers(fields []hpack.HeaderField, endStream bool) {
	for _, hf := range fields {
		switch hf.Name {
		case ":status":
			r.httpStatus = hf.Value
		case "grpc-status":
			r.grpcStatus = hf.Value
		case "grpc-message":
			r.message = PercentDecode(hf.Value)
		}
	}
	if endStream {
		r.done = true
	}
}

// result maps what came to a status or an error.
func (r *response) result() (Status, error) {
	if !r.done {
		return 0, errors.New("grpc: connection closed before the response ended")
	}
	if r.grpcStatus == "" {
		if r.httpStatus != "200" {
			return 0, errors.New("grpc: HTTP status " + r.httpStatus + " without grpc-status")
		}
		return 0, errors.New("grpc: response without grpc-status")
	}
	code, err := strconv.Atoi(r.grpcStatus)
	if err != nil {
		return 0, errors.New("grpc: malformed grpc-status " + strconv.Quote(r.grpcStatus))
	}
	if code != 0 {
		return 0, &Error{Code: code, Message: r.message}
	}
	b := r.body
	if len(b) < 5 || b[0] != 0 || int(b[1])<<24|int(b[2])<<16|int(b[3])<<8|int(b[4]) != len(b)-5 {
		return 0, errors.New("grpc: malformed response message")
	}
	return ParseResponse(b[5:])
}

// EncodeTimeout renders d as grpc-timeout (at most 8 digits).
func EncodeTimeout(d time.Duration) string {
	units := [...]struct {
		d time.Duration
		c byte
	}{{time.Nanosecond, 'n'}, {time.Microsecond, 'u'}, {time.Millisecond, 'm'}, {time.Second, 'S'}, {time.Minute, 'M'}, {time.Hour, 'H'}}
	for _, u := range units {
		if v := d / u.d; v < 1e8 {
			if d%u.d != 0 {
				v++ // round up: a deadline is never made shorter
			}
			return strconv.FormatInt(int64(v), 10) + string(u.c)
		}
	}
	return "99999999H"
}

// AppendMessage appends msg with gRPC's length prefix (uncompressed).
func AppendMessage(dst, msg []byte) []byte {
	n := len(msg)
	dst = append(dst, 0, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	return append(dst, msg...)
}

// PercentDecode undoes grpc-message's percent-encoding, leaving a
// malformed escape as it is.
func PercentDecode(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				if b == nil {
					b = append(make([]byte, 0, len(s)), s[:i]...)
				}
				b = append(b, byte(v))
				i += 2
				continue
			}
		}
		if b != nil {
			b = append(b, s[i])
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}
