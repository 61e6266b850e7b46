package examples

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// build.sh finds rustc on PATH (a rustup install is not /usr/bin/rustc) and
// says how to add the wasm target with rustup; a missing TinyGo gets a hint
// inside the repository.
func TestBuildScriptHints(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	bin := t.TempDir()
	sysroot := t.TempDir() // a rustup toolchain without the wasm32 target
	fake := filepath.Join(bin, "rustc")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho "+sysroot+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	run := func(env []string, lang string) (int, string) {
		cmd := exec.Command("bash", "build.sh", t.TempDir(), lang)
		cmd.Env = append(os.Environ(), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return code, stderr.String()
	}
	code, stderr := run([]string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "RUSTC="}, "rust")
	if code != 127 || !strings.Contains(stderr, "for "+fake) || !strings.Contains(stderr, "rustup target add wasm32-unknown-unknown") {
		t.Errorf("rust with a rustup rustc lacking the target: exit %d, %q", code, stderr)
	}
	code, stderr = run([]string{"TINYGO=/nonexistent/tinygo"}, "tinygo")
	if code != 127 || !strings.Contains(stderr, "wasm/examples/tinygo/README.md") || strings.Contains(stderr, "shared/") {
		t.Errorf("tinygo missing: exit %d, %q", code, stderr)
	}
}
