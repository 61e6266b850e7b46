package transport

import "testing"

func TestMountPath(t *testing.T) {
	cases := []struct {
		prefix, path, want string
	}{
		{"", "/readyz", "/readyz"},
		{"/", "/readyz", "/readyz"},
		{"/ops", "/ops/readyz/db", "/readyz/db"},
		{"/ops/", "/ops/readyz/db", "/readyz/db"},
		{"ops", "/ops/health", "/health"},
		{"/ops", "/readyz", ""},
		{"/ops", "/ops", ""},
		{"/ops", "/ops/", "/"},
		{"/ops", "/opsreadyz", ""},
		{"/a/b", "/a/b/livez", "/livez"},
	}
	for _, c := range cases {
		if got := NewMount(WithPrefix(c.prefix)).Path(c.path); got != c.want {
			t.Errorf("WithPrefix(%q).Path(%q) = %q, want %q", c.prefix, c.path, got, c.want)
		}
	}
	if got := NewMount().Path("/x"); got != "/x" {
		t.Errorf("no options: Path = %q", got)
	}
}
