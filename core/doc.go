// Package core is the zero-allocation heart of healthlite: checks run by a
// scheduler (never on the probe path), immutable snapshots with pre-rendered
// bodies, and a router that answers every endpoint from the newest snapshot.
//
// core imports only the standard library packages that TinyGo supports, and
// serving any endpoint from a current snapshot allocates nothing.
package core
