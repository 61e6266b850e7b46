package core

import "testing"

// A trusted client (token, verified certificate) sees details as a local
// one does under DetailsLocal; DetailsNone shows them to no one.
func TestTrustedSeesDetails(t *testing.T) {
	for _, c := range []struct {
		policy         Details
		local, trusted bool
		want           bool
	}{
		{DetailsLocal, false, false, false},
		{DetailsLocal, true, false, true},
		{DetailsLocal, false, true, true},
		{DetailsNone, false, true, false},
		{DetailsNone, true, true, false},
		{DetailsAll, false, false, true},
	} {
		h := New(Options{Details: c.policy})
		req := Request{Method: "GET", Path: "/readyz", RawQuery: "verbose", Local: c.local, Trusted: c.trusted}
		if got := h.ShowsDetails(&req); got != c.want {
			t.Errorf("policy %v, local %v, trusted %v: details %v, want %v", c.policy, c.local, c.trusted, got, c.want)
		}
	}
}
