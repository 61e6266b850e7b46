// Command greet prints a greeting that the link step may set, for the tests
// of exectest.Build.
package main

import "fmt"

var greeting = "hello"

func main() { fmt.Println(greeting) }
