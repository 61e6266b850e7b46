// Command broken does not compile, for the test of exectest.Build's error.
package main

func main() {
	var n int = "not a number"
	_ = n
}
