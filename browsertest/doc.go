// Package browsertest holds the tests of healthlite's /status page in a
// real headless browser: Debian's chromium, started by the test and driven
// over the DevTools protocol (a small client on golang.org/x/net/websocket),
// against the healthlite binary built from this repository. It is a module
// of its own so that the root module keeps its dependencies.
//
//	cd browsertest && go test ./...
//	go test ./... -args -screenshot ../docs/status-page.png   # refresh the README's picture
//
// Without chromium the tests skip, except under CI=true, where they fail.
package browsertest
