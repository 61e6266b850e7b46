package transport

import (
	"context"
	"crypto/sha256"
	"os"
	"time"
)

// ReloadInterval is how often KeyPair.Watch and Token.Watch look at their
// files.
const ReloadInterval = time.Second

// reloader reads a set of files and hands their contents to apply when
// they change. It compares contents, not modification times, so that a
// symlink swap (how Kubernetes updates a mounted secret) is seen whatever
// the times of the files it points to. Only one goroutine uses it.
type reloader struct {
	paths []string
	// apply takes the contents of paths, in order, and puts them in use;
	// an error keeps what was in use.
	apply func(contents [][]byte) error
	// rejected is told about contents apply refused, once they have
	// stayed the same for two polls: files written one after the other
	// (a certificate, then its key) are not reported while half done.
	rejected func(err error)

	sum     [sha256.Size]byte // of the contents in use
	pending [sha256.Size]byte // of refused contents seen once
	told    [sha256.Size]byte // of refused contents reported
}

// start reads and applies the files for the first time.
func (r *reloader) start() error {
	contents, sum, err := r.read()
	if err == nil {
		err = r.apply(contents)
	}
	if err != nil {
		return err
	}
	r.sum = sum
	return nil
}

// read returns the contents of the files and their sum, or the first
// error reading them with a sum of that error.
func (r *reloader) read() ([][]byte, [sha256.Size]byte, error) {
	contents := make([][]byte, len(r.paths))
	h := sha256.New()
	for i, p := range r.paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, sha256.Sum256([]byte(err.Error())), err
		}
		contents[i] = b
		h.Write(b)
		h.Write([]byte{0}) // a boundary, so that moving bytes between files changes the sum
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return contents, sum, nil
}

// poll applies the files when they differ from those in use. It returns
// an error of reading or applying them once they have been the same for
// two polls, and only once for the same contents.
func (r *reloader) poll() error {
	contents, sum, err := r.read()
	if sum == r.sum {
		return nil
	}
	if err == nil {
		if err = r.apply(contents); err == nil {
			r.sum = sum
			return nil
		}
	}
	switch sum {
	case r.told:
		return nil
	case r.pending:
		r.told = sum
		return err
	}
	r.pending = sum
	return nil
}

// watch polls the files every interval until ctx ends, passing each
// error worth reporting to rejected.
func (r *reloader) watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := r.poll(); err != nil {
			r.rejected(err)
		}
	}
}
