package core

import "github.com/healthlite/healthlite/core/internal/goquote"

// Error is an error the library reports about its input, such as a port
// list (transport.ParsePorts) or a status range (checks.ParseStatusRanges).
// Its text is "healthlite: " followed by Msg; a program that names itself
// in its own messages, as the binary does, prints Msg.
type Error struct {
	Msg string
}

// Error returns "healthlite: " followed by Msg.
func (e *Error) Error() string { return "healthlite: " + e.Msg }

// CheckError is the error of registering a check, flag, heartbeat or
// reporter, and of ValidName: "healthlite: check["db"]: already registered;
// names must be unique".
type CheckError struct {
	// Name is the check's name; empty when the name is what is missing.
	Name string
	// Reason says what is wrong, without the name.
	Reason string
}

// Error returns "healthlite: " followed by Text.
func (e *CheckError) Error() string { return "healthlite: " + e.Text() }

// Text is the error without "healthlite: ": check["db"]: Reason, or
// Reason alone when Name is empty.
func (e *CheckError) Text() string {
	if e.Name == "" {
		return e.Reason
	}
	return "check[" + goquote.Quote(e.Name) + "]: " + e.Reason
}
