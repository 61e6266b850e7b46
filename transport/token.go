package transport

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"
)

// Token is a bearer token read from a file (surrounding white space
// trimmed) and read again when the file changes, as KeyPair's files are.
// A client that sends it ("Authorization: Bearer TOKEN") sees details as a
// local client does.
type Token struct {
	tok atomic.Pointer[[]byte] // the token in use
	r   reloader
}

// LoadToken reads the token file. log receives the changed files kept
// out (WARN); by default slog.Default().
func LoadToken(file string, log *slog.Logger) (*Token, error) {
	log = orDefault(log)
	t := &Token{}
	t.r = reloader{
		paths: []string{file},
		apply: t.apply,
		rejected: func(err error) {
			log.Warn("Kept the details token in use: " + file + ": " + err.Error())
		},
	}
	if err := t.r.start(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *Token) apply(c [][]byte) error {
	tok := bytes.TrimSpace(c[0])
	if len(tok) == 0 {
		return errors.New("the token is empty")
	}
	if bytes.ContainsAny(tok, " \t\r\n") {
		return errors.New("the token holds white space")
	}
	tok = bytes.Clone(tok)
	t.tok.Store(&tok)
	return nil
}

// Matches reports whether authorization, an Authorization header's
// value, is "Bearer " and the token in use. The time it takes depends on
// the length of authorization only, not on the token nor on how many of
// its bytes match.
func (t *Token) Matches(authorization string) bool {
	const scheme = "bearer "
	if t == nil || len(authorization) <= len(scheme) {
		return false
	}
	if !strings.EqualFold(authorization[:len(scheme)], scheme) {
		return false
	}
	return equal(authorization[len(scheme):], *t.tok.Load())
}

// equal compares got with want in a time that depends on len(got) only:
// every byte of got is compared (with want's bytes taken round), and the
// lengths are compared the same way, without branching on either.
func equal(got string, want []byte) bool {
	var diff byte
	for i := 0; i < len(got); i++ {
		diff |= got[i] ^ want[i%len(want)]
	}
	return subtle.ConstantTimeByteEq(diff, 0)&subtle.ConstantTimeEq(int32(len(got)), int32(len(want))) == 1
}

// Watch reads the file every interval (ReloadInterval when 0) until ctx
// ends, and puts a changed token in use.
func (t *Token) Watch(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = ReloadInterval
	}
	t.r.watch(ctx, every)
}
