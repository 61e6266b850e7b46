package testcert

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Secret is a directory laid out as Kubernetes mounts a TLS secret:
// tls.crt and tls.key are symlinks into ..data, itself a symlink to a
// directory of its own that Update replaces in one rename.
type Secret struct {
	Dir string
	n   int
}

// NewSecret lays out dir holding p.
func NewSecret(t testing.TB, dir string, p Pair) *Secret {
	t.Helper()
	s := &Secret{Dir: dir}
	s.Update(t, p.CertPEM, p.KeyPEM)
	for _, name := range []string{"tls.crt", "tls.key"} {
		if err := os.Symlink(filepath.Join("..data", name), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// CertFile and KeyFile are the paths a server is given.
func (s *Secret) CertFile() string { return filepath.Join(s.Dir, "tls.crt") }

// KeyFile is the key's path.
func (s *Secret) KeyFile() string { return filepath.Join(s.Dir, "tls.key") }

// Update swaps in new contents as the kubelet does: a new directory, a
// new ..data symlink renamed over the old one.
func (s *Secret) Update(t testing.TB, certPEM, keyPEM []byte) {
	t.Helper()
	s.n++
	name := "..v" + strconv.Itoa(s.n)
	d := filepath.Join(s.Dir, name)
	if err := os.Mkdir(d, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, "tls.crt"), certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, "tls.key"), keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(s.Dir, "..data_tmp")
	if err := os.Symlink(name, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(s.Dir, "..data")); err != nil {
		t.Fatal(err)
	}
}
