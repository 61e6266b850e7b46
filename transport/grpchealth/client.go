package grpchealth

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

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
	if dl, ok := ctx.Deadline(); ok {
		nc.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	st, err := CheckConn(nc, addr, service, deadlineOf(ctx))
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
// answer. authority is the :authority header; timeout, when positive, is
// sent as grpc-timeout. The caller sets nc's deadlines and closes it.
func CheckConn(nc net.Conn, authority, service string, timeout time.Duration) (Status, error) {
	w := bufio.NewWriter(nc)
	fr := http2.NewFramer(w, bufio.NewReader(nc))
	w.WriteString(ClientPreface)
	fr.WriteSettings()
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	for _, f := range [...][2]string{{":method", "POST"}, {":scheme", "http"}, {":path", servicePrefix + "Check"},
		{":authority", authority}, {"content-type", "application/grpc"}, {"te", "trailers"}} {
		enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]})
	}
	if timeout > 0 {
		enc.WriteField(hpack.HeaderField{Name: "grpc-timeout", Value: encodeTimeout(timeout)})
	}
	fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block.Bytes(), EndHeaders: true})
	fr.WriteData(1, true, appendMessage(nil, AppendRequest(nil, service)))
	if err := w.Flush(); err != nil {
		return 0, err
	}
	var r response
	fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	fr.MaxHeaderListSize = 64 << 10
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			if errors.Is(err, net.ErrClosed) || r.done {
				break
			}
			return 0, err
		}
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				fr.WriteSettingsAck()
				w.Flush()
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				fr.WritePing(true, f.Data)
				w.Flush()
			}
		case *http2.MetaHeadersFrame:
			if f.StreamID == 1 {
				if err := r.headers(f); err != nil {
					return 0, err
				}
			}
		case *http2.DataFrame:
			if f.StreamID == 1 {
				r.body = append(r.body, f.Data()...)
				if len(r.body) > maxBody {
					return 0, errors.New("grpc: response message too large")
				}
			}
		case *http2.RSTStreamFrame:
			if f.StreamID == 1 {
				return 0, errors.New("grpc: stream reset by the server: " + f.ErrCode.String())
			}
		case *http2.GoAwayFrame:
			if f.LastStreamID < 1 {
				return 0, errors.New("grpc: server sent GOAWAY: " + f.ErrCode.String())
			}
		}
		if r.done {
			break
		}
	}
	return r.result()
}

// response collects the answer of one unary call.
type response struct {
	httpStatus string
	gotHeaders bool
	grpcStatus string
	message    string
	body       []byte
	done       bool
}

// headers takes the response headers or the trailers.
func (r *response) headers(f *http2.MetaHeadersFrame) error {
	if f.Truncated {
		return errors.New("grpc: response header list too large")
	}
	for _, hf := range f.Fields {
		switch hf.Name {
		case ":status":
			r.httpStatus = hf.Value
		case "grpc-status":
			r.grpcStatus = hf.Value
		case "grpc-message":
			r.message = percentDecode(hf.Value)
		}
	}
	r.gotHeaders = true
	if f.StreamEnded() {
		r.done = true
	}
	return nil
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
	if code != codeOK {
		return 0, &Error{Code: code, Message: r.message}
	}
	b := r.body
	if len(b) < 5 || b[0] != 0 || int(b[1])<<24|int(b[2])<<16|int(b[3])<<8|int(b[4]) != len(b)-5 {
		return 0, errors.New("grpc: malformed response message")
	}
	return ParseResponse(b[5:])
}

// encodeTimeout renders d as grpc-timeout (at most 8 digits).
func encodeTimeout(d time.Duration) string {
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
