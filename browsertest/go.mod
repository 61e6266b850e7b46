module github.com/healthlite/healthlite/browsertest

go 1.26.7

require golang.org/x/net v0.62.0
