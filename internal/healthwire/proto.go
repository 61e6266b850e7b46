package healthwire

import (
	"errors"
	"unicode/utf8"
)

// Status is grpc.health.v1.HealthCheckResponse.ServingStatus.
type Status uint8

// The serving statuses of health.proto.
const (
	StatusUnknown        Status = 0
	StatusServing        Status = 1
	StatusNotServing     Status = 2
	StatusServiceUnknown Status = 3 // only Watch sends it
)

// String returns the protocol's name of s, such as "SERVING".
func (s Status) String() string {
	switch s {
	case StatusServing:
		return "SERVING"
	case StatusNotServing:
		return "NOT_SERVING"
	case StatusServiceUnknown:
		return "SERVICE_UNKNOWN"
	case StatusUnknown:
		return "UNKNOWN"
	}
	return "status(" + itoa(uint64(s)) + ")"
}

// errNotUTF8 is a string field that protobuf refuses.
var errNotUTF8 = errors.New("service name is not valid UTF-8")

// errProto is any malformed protobuf message.
var errProto = errors.New("malformed protobuf message")

// The messages have one or two fields, so they are encoded and decoded by
// hand (protobuf's wire format: a tag varint, field<<3|wiretype, then the
// value); proto_test.go checks them against grpc-go's generated types.
const (
	wireVarint     = 0
	wire64         = 1
	wireBytes      = 2
	wireStartGroup = 3
	wireEndGroup   = 4
	wire32         = 5
)

// maxGroupDepth bounds the nesting of (deprecated) groups, which protobuf
// skips as unknown fields; as protobuf-go, deeper nesting is refused.
const maxGroupDepth = 100

// skipGroup skips the fields of a group opened with field num, up to and
// including its end.
func skipGroup(p []byte, num uint64, depth int) ([]byte, error) {
	if depth >= maxGroupDepth {
		return nil, errProto
	}
	for {
		tag, rest, err := readVarint(p)
		if err != nil {
			return nil, err
		}
		n, typ := tag>>3, byte(tag&7)
		if n == 0 || n > 1<<29-1 {
			return nil, errProto
		}
		switch typ {
		case wireVarint:
			_, rest, err = readVarint(rest)
		case wire64, wire32:
			size := 8
			if typ == wire32 {
				size = 4
			}
			if len(rest) < size {
				return nil, errProto
			}
			rest = rest[size:]
		case wireBytes:
			var l uint64
			l, rest, err = readVarint(rest)
			if err == nil && l > uint64(len(rest)) {
				err = errProto
			}
			if err == nil {
				rest = rest[l:]
			}
		case wireStartGroup:
			rest, err = skipGroup(rest, n, depth+1)
		case wireEndGroup:
			if n != num {
				return nil, errProto
			}
			return rest, nil
		default:
			return nil, errProto
		}
		if err != nil {
			return nil, err
		}
		p = rest
	}
}

// appendVarint appends v as a protobuf varint.
func appendVarint(dst []byte, v uint64) []byte {
	for v >= 0x80 {
		dst = append(dst, byte(v)|0x80)
		v >>= 7
	}
	return append(dst, byte(v))
}

// readVarint reads a varint from the front of p.
func readVarint(p []byte) (v uint64, rest []byte, err error) {
	for i := 0; i < len(p) && i < 10; i++ {
		b := p[i]
		v |= uint64(b&0x7f) << (7 * uint(i))
		if b < 0x80 {
			if i == 9 && b > 1 {
				return 0, nil, errProto
			}
			return v, p[i+1:], nil
		}
	}
	return 0, nil, errProto
}

// AppendRequest appends a HealthCheckRequest{service} (an empty service is
// the empty message, as proto3 omits default values).
func AppendRequest(dst []byte, service string) []byte {
	if service == "" {
		return dst
	}
	dst = append(dst, 1<<3|wireBytes)
	dst = appendVarint(dst, uint64(len(service)))
	return append(dst, service...)
}

// ParseRequest returns the service of a HealthCheckRequest message. The
// result aliases msg. Unknown fields, and a field of the wrong wire type,
// are skipped, as protobuf does; the last occurrence of the field wins.
func ParseRequest(msg []byte) (service []byte, err error) {
	err = eachField(msg, func(num uint64, typ byte, v uint64, b []byte) error {
		if num == 1 && typ == wireBytes {
			if !utf8.Valid(b) {
				return errNotUTF8
			}
			service = b
		}
		return nil
	})
	return service, err
}

// AppendResponse appends a HealthCheckResponse{status}.
func AppendResponse(dst []byte, st Status) []byte {
	if st == StatusUnknown {
		return dst
	}
	return append(dst, 1<<3|wireVarint, byte(st))
}

// ParseResponse returns the status of a HealthCheckResponse message.
func ParseResponse(msg []byte) (Status, error) {
	st := StatusUnknown
	err := eachField(msg, func(num uint64, typ byte, v uint64, _ []byte) error {
		if num != 1 || typ != wireVarint {
			return nil
		}
		st = Status(v) // an enum value unknown here is kept as it is
		if v > 255 {
			st = 255
		}
		return nil
	})
	return st, err
}

// AppendListEntry appends one entry of HealthListResponse's map
// statuses<string, HealthCheckResponse> (field 1).
func AppendListEntry(dst []byte, name string, st Status) []byte {
	value := 0
	if st != StatusUnknown {
		value = 2
	}
	entry := 1 + varintLen(uint64(len(name))) + len(name) + 1 + 1 + value
	dst = append(dst, 1<<3|wireBytes)
	dst = appendVarint(dst, uint64(entry))
	dst = append(dst, 1<<3|wireBytes)
	dst = appendVarint(dst, uint64(len(name)))
	dst = append(dst, name...)
	dst = append(dst, 2<<3|wireBytes, byte(value))
	return AppendResponse(dst, st)
}

// ParseList calls fn for every entry of a HealthListResponse message.
func ParseList(msg []byte, fn func(name string, st Status)) error {
	return eachField(msg, func(num uint64, typ byte, _ uint64, entry []byte) error {
		if num != 1 || typ != wireBytes {
			return nil
		}
		var name []byte
		st := StatusUnknown
		err := eachField(entry, func(num uint64, typ byte, _ uint64, b []byte) error {
			switch {
			case num == 1 && typ == wireBytes:
				name = b
			case num == 2 && typ == wireBytes:
				var err error
				st, err = ParseResponse(b)
				return err
			}
			return nil
		})
		if err != nil {
			return err
		}
		fn(string(name), st)
		return nil
	})
}

// varintLen is the length of v as a varint.
func varintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// eachField calls fn for every field of msg with its number, wire type and
// value (v for varints and fixed ones, b for length-delimited ones).
func eachField(msg []byte, fn func(num uint64, typ byte, v uint64, b []byte) error) error {
	for len(msg) > 0 {
		tag, rest, err := readVarint(msg)
		if err != nil {
			return err
		}
		num, typ := tag>>3, byte(tag&7)
		if num == 0 || num > 1<<29-1 {
			return errProto
		}
		var v uint64
		var b []byte
		switch typ {
		case wireVarint:
			v, rest, err = readVarint(rest)
			if err != nil {
				return err
			}
		case wire64, wire32:
			n := 8
			if typ == wire32 {
				n = 4
			}
			if len(rest) < n {
				return errProto
			}
			rest = rest[n:]
		case wireBytes:
			var n uint64
			n, rest, err = readVarint(rest)
			if err != nil || n > uint64(len(rest)) {
				return errProto
			}
			b, rest = rest[:n], rest[n:]
		case wireStartGroup:
			rest, err = skipGroup(rest, num, 0)
			if err != nil {
				return err
			}
		default:
			return errProto // an end of group without its start, or types 6 and 7
		}
		if err := fn(num, typ, v, b); err != nil {
			return err
		}
		msg = rest
	}
	return nil
}

// itoa formats v in decimal.
func itoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return string(b[i:])
}
