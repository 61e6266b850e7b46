package checks_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/healthlite/healthlite/checks"
	"github.com/healthlite/healthlite/core"
)

func ExampleHTTP() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"db":"up"}`)
	}))
	defer srv.Close()

	expect, _ := checks.ParseStatusRanges("200-299")
	c := checks.HTTP(srv.URL+"/ready", checks.HTTPOptions{Expect: expect, Contains: `"db":"up"`})
	var r core.Result
	c.Check(context.Background(), &r)
	fmt.Println(r.Status, r.HasValue)
	// Output: pass true
}

func ExampleParseStatusRanges() {
	rs, err := checks.ParseStatusRanges("200-299,304")
	fmt.Println(rs, rs.Contains(204), rs.Contains(302), err)
	_, err = checks.ParseStatusRanges("200-99")
	fmt.Println(err)
	// Output:
	// 200-299,304 true false <nil>
	// healthlite: status range "200-99": want CODE or LOW-HIGH with codes in 100-599
}

func ExampleTCP() {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	var r core.Result
	checks.TCP(addr).Check(context.Background(), &r)
	fmt.Println(r.Status)
	ln.Close()
	checks.TCP(addr).Check(context.Background(), &r)
	fmt.Println(r.Status)
	// Output:
	// pass
	// fail
}

func ExampleFile() {
	dir, _ := os.MkdirTemp("", "healthlite-example-")
	defer os.RemoveAll(dir)
	beat := filepath.Join(dir, "bot.beat")
	os.WriteFile(beat, nil, 0o644) // the watched process touches this file
	c := checks.File(beat, 30*time.Second)
	var r core.Result
	c.Check(context.Background(), &r)
	fmt.Println(r.Status)

	stale := time.Now().Add(-time.Minute)
	os.Chtimes(beat, stale, stale) // the process stopped touching it
	c.Check(context.Background(), &r)
	fmt.Println(r.Status)
	// Output:
	// pass
	// fail
}

func ExampleExec() {
	// Any Nagios plugin works; here a shell one-liner plays one.
	plugin := []string{"sh", "-c", `echo "QUEUE WARNING - 7 jobs waiting | jobs=7;5;10;0"; exit 1`}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var r core.Result
	checks.Exec(plugin).Check(ctx, &r)
	fmt.Println(r.Status, r.Message, r.Value)
	// Output: warn QUEUE WARNING - 7 jobs waiting 7
}
