// Command gonagios is a Nagios-style plugin written in plain Go and built
// for WASI (GOOS=wasip1 GOARCH=wasm): the loader tests run it in command
// mode, and the load benchmark uses it as a realistic 2 MB module.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	code := 0
	if len(os.Args) > 1 {
		code, _ = strconv.Atoi(os.Args[1])
	}
	words := []string{"OK", "WARNING", "CRITICAL", "UNKNOWN"}
	word := "UNKNOWN"
	if code >= 0 && code < len(words) {
		word = words[code]
	}
	fmt.Printf("%s - go guest says %d | answer=42;50;60;0 'args'=%d\n", word, code, len(os.Args))
	os.Exit(code)
}
