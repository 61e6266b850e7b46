package main

import (
	"os"
	"slices"
	"testing"
)

// TestEveryBenchServerIsListed: every main under servers/ is a contestant
// of the load table or of the gRPC rows, the matrix's default servers are
// known ones, and each healthlite transport on fasthttp answers gRPC in
// the gRPC rows.
func TestEveryBenchServerIsListed(t *testing.T) {
	dirs, err := os.ReadDir("../servers")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]server{}
	for _, s := range append(slices.Clone(servers), grpcServers...) {
		known[s.Name] = s
	}
	for _, d := range dirs {
		if _, ok := known[d.Name()]; d.IsDir() && !ok {
			t.Errorf("servers/%s is in neither servers nor grpcServers: bench/run never measures it", d.Name())
		}
	}
	for _, s := range append(slices.Clone(servers), grpcServers...) {
		if st, err := os.Stat("../servers/" + s.Name); s.Go && (err != nil || !st.IsDir()) {
			t.Errorf("%s has no main under servers/: %v", s.Name, err)
		}
	}
	for _, name := range matrixServers {
		if _, err := selectServers(name); err != nil {
			t.Errorf("matrixServers: %v", err)
		}
	}
	for _, name := range []string{"healthlite-fasthttp", "healthlite-loop"} {
		if !slices.Contains(matrixServers, name) {
			t.Errorf("%s is not among the matrix's default servers", name)
		}
		if !slices.ContainsFunc(grpcHealthlite(), func(s server) bool { return s.Name == name }) {
			t.Errorf("%s has no gRPC row", name)
		}
	}
	if grpcServers[len(grpcServers)-1].Name != grpcRef {
		t.Errorf("the gRPC rows do not end with %s, their reference", grpcRef)
	}
}

// TestSoakFloodsWhatTheBinaryServes: --soak floods the healthlite binary
// with the transport of each soaked server (serve --transport: fasthttp,
// loop or stdlib), so each healthlite server names its own, and no other
// server names one.
func TestSoakFloodsWhatTheBinaryServes(t *testing.T) {
	for _, s := range servers {
		if !s.Transport && s.Binary != "" {
			t.Errorf("%s is not a healthlite transport but floods --transport %s", s.Name, s.Binary)
		}
	}
	for name, want := range map[string]string{"healthlite-fasthttp": "fasthttp", "healthlite-stdlib": "stdlib", "healthlite-loop": "loop"} {
		l, err := selectServers(name)
		if err != nil {
			t.Fatal(err)
		}
		if l[0].Binary != want {
			t.Errorf("%s: Binary %q, want %q", name, l[0].Binary, want)
		}
	}
}
