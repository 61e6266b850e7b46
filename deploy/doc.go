// Package deploy holds the tests of the deployment recipes beside it: the
// Dockerfile's build command produces a static binary, the systemd units
// pass systemd-analyze verify, and the arguments and probes in the systemd
// and Kubernetes files are accepted by the healthlite binary and answer as
// the recipes say. See README.md for the recipes themselves.
package deploy
