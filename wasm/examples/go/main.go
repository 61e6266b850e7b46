//go:build wasip1

// Command go is the healthlite example check in Go: it GETs the configured url and passes on a
// 2xx within budget_ms (default 500), warns on a slower 2xx and fails otherwise, reporting
// latency_ms. It is a WASI reactor, and the same source builds with Go or with TinyGo:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o check.wasm .
//	tinygo build -target=$TINYGOROOT/targets/wasip1-debian.json -buildmode=c-shared \
//		-opt=z -no-debug -scheduler=none -panic=trap -o check.wasm .
package main

import (
	"strconv"
	"time"
	"unsafe"
)

//go:wasmimport healthlite config
func config(key unsafe.Pointer, keyLen int32, buf unsafe.Pointer, bufCap int32) int32

//go:wasmimport healthlite http_get
func httpGet(url unsafe.Pointer, urlLen int32, body unsafe.Pointer, bodyCap int32) int32

//go:wasmimport healthlite set_message
func setMessage(msg unsafe.Pointer, msgLen int32)

//go:wasmimport healthlite set_metric
func setMetric(name unsafe.Pointer, nameLen int32, value float64)

const (
	statusPass    = 0
	statusWarn    = 1
	statusFail    = 2
	statusUnknown = 3
)

// Buffers live for the life of the instance, so a run allocates nothing.
var (
	urlBuf    [2048]byte
	budgetBuf [16]byte
	body      [256]byte
	msg       = make([]byte, 0, 4096)
)

func main() {}

// check runs the example check once; the host calls it for every run.
//
//go:wasmexport check
func check() int32 {
	n := configValue("url", urlBuf[:])
	if n <= 0 {
		return unknown("config url is not set")
	}
	if n > len(urlBuf) {
		return unknown("config url is longer than 2048 bytes")
	}
	url := urlBuf[:n]

	budget := int64(500)
	if n := configValue("budget_ms", budgetBuf[:]); n >= 0 {
		const bad = "config budget_ms is not a whole number of milliseconds"
		if n == 0 || n > 9 {
			return unknown(bad)
		}
		budget = 0
		for _, c := range budgetBuf[:n] {
			if c < '0' || c > '9' {
				return unknown(bad)
			}
			budget = budget*10 + int64(c-'0')
		}
	}

	start := time.Now()
	st := httpGet(unsafe.Pointer(&url[0]), int32(len(url)), unsafe.Pointer(&body[0]), int32(len(body)))
	elapsed := time.Since(start)
	name := "latency_ms"
	setMetric(unsafe.Pointer(unsafe.StringData(name)), int32(len(name)), float64(elapsed)/1e6)

	msg = append(append(append(msg[:0], "GET "...), url...), ": "...)
	if st < 0 {
		msg = strconv.AppendInt(append(msg, "error "...), int64(st), 10)
		return result(statusFail)
	}
	msg = strconv.AppendInt(msg, int64(st), 10)
	msg = strconv.AppendInt(append(msg, " in "...), elapsed.Milliseconds(), 10)
	msg = append(msg, " ms"...)
	if st < 200 || st > 299 {
		return result(statusFail)
	}
	if elapsed > time.Duration(budget)*time.Millisecond {
		msg = strconv.AppendInt(append(msg, ", over budget "...), budget, 10)
		msg = append(msg, " ms"...)
		return result(statusWarn)
	}
	return result(statusPass)
}

// configValue copies the value of key into buf and returns its full length, or -1 when unset.
func configValue(key string, buf []byte) int {
	return int(config(unsafe.Pointer(unsafe.StringData(key)), int32(len(key)), unsafe.Pointer(&buf[0]), int32(len(buf))))
}

// result hands the message built in msg to the host and returns status.
func result(status int32) int32 {
	setMessage(unsafe.Pointer(unsafe.SliceData(msg)), int32(len(msg)))
	return status
}

func unknown(text string) int32 {
	setMessage(unsafe.Pointer(unsafe.StringData(text)), int32(len(text)))
	return statusUnknown
}
