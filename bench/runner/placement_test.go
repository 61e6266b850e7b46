package main

import (
	"reflect"
	"testing"
)

func TestPlacementWrap(t *testing.T) {
	for _, tc := range []struct {
		p    placement
		want []string
	}{
		{placement{}, []string{"srv", "-port", "1"}},
		{placement{CPU: "0"}, []string{"taskset", "-c", "0", "srv", "-port", "1"}},
		{placement{CPU: "1", Nice: -15}, []string{"nice", "-n", "-15", "taskset", "-c", "1", "srv", "-port", "1"}},
	} {
		if got := tc.p.wrap([]string{"srv", "-port", "1"}); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%+v: got %q, want %q", tc.p, got, tc.want)
		}
	}
}
