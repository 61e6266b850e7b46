package fasthttp_test

import (
	"bufio"
	"strconv"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/internal/testcert"
	"github.com/healthlite/healthlite/transport"
	"github.com/healthlite/healthlite/transport/transporttest"
)

// tlsPair is a server key pair issued by a CA of its own, written to
// files and loaded as a server loads it.
type tlsPair struct {
	ca        *testcert.CA
	dir       string
	cert, key string
	kp        *transport.KeyPair
}

func newTLSPair(tb testing.TB) tlsPair {
	tb.Helper()
	p := tlsPair{ca: testcert.NewCA(tb, "CA"), dir: tb.TempDir()}
	p.cert, p.key = p.ca.Issue(tb, testcert.Options{}).Write(tb, p.dir, "server")
	kp, err := transport.LoadKeyPair(p.cert, p.key, transporttest.Logger(tb))
	if err != nil {
		tb.Fatal(err)
	}
	p.kp = kp
	return p
}

// answerSize reads one answer from br and returns its size: the header's
// bytes and the Content-Length's.
func answerSize(tb testing.TB, br *bufio.Reader) int {
	tb.Helper()
	n, length := 0, 0
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			tb.Fatal(err)
		}
		n += len(line)
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(strings.TrimSpace(v))
		}
		if line == "\r\n" {
			if _, err := br.Discard(length); err != nil {
				tb.Fatal(err)
			}
			return n + length
		}
	}
}
