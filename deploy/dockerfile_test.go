package deploy

import (
	"debug/elf"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

func TestDockerfile(t *testing.T) {
	instrs, err := readDockerfile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var froms []string
	final := map[string][]string{} // keyword → arguments, in the final stage
	last := 0
	for _, in := range instrs {
		if in.keyword() == "FROM" {
			froms = append(froms, in.args())
			last = in.stage
		}
	}
	for _, in := range instrs {
		if in.stage == last {
			final[in.keyword()] = append(final[in.keyword()], in.args())
		}
	}
	if len(froms) != 2 || froms[0] != "golang:1.26 AS build" {
		t.Errorf("stages = %q, want a golang:1.26 builder and a final image", froms)
	}
	if len(froms) > 0 {
		if f := froms[len(froms)-1]; f != "gcr.io/distroless/static-debian12:nonroot" && f != "scratch" {
			t.Errorf("final image %q, want distroless static nonroot or scratch", f)
		}
	}
	// The final image has no shell: RUN cannot work there and every command
	// must be in exec (JSON array) form.
	if len(final["RUN"]) > 0 {
		t.Errorf("RUN in the final stage (no shell there): %q", final["RUN"])
	}
	execForm := func(what, s string) []string {
		var argv []string
		if err := json.Unmarshal([]byte(s), &argv); err != nil {
			t.Errorf("%s %s: not exec form (a JSON array), which a shell-less image needs", what, s)
		}
		return argv
	}
	if ep := final["ENTRYPOINT"]; len(ep) != 1 || strings.Join(execForm("ENTRYPOINT", ep[0]), " ") != "/healthlite serve" {
		t.Errorf("ENTRYPOINT = %q, want [\"/healthlite\",\"serve\"]", ep)
	}
	hc := final["HEALTHCHECK"]
	if len(hc) != 1 {
		t.Fatalf("HEALTHCHECK = %q, want one", hc)
	}
	_, cmd, ok := strings.Cut(hc[0], "CMD ")
	if !ok || strings.Join(execForm("HEALTHCHECK CMD", cmd), " ") != "/healthlite probe" {
		t.Errorf("HEALTHCHECK = %q, want CMD [\"/healthlite\",\"probe\"]", hc[0])
	}
	if u := final["USER"]; len(u) != 1 || !numericNonRoot(u[0]) {
		t.Errorf("USER = %q, want a numeric non-root uid:gid (the kubelet checks runAsNonRoot only against a number)", u)
	}
	// The READMEs show the Dockerfile's HEALTHCHECK, not one of their own.
	want := squash("HEALTHCHECK " + hc[0])
	for _, doc := range []string{"../README.md", "README.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "HEALTHCHECK ") && squash(line) != want {
				t.Errorf("%s shows %q; the Dockerfile has %q", doc, line, "HEALTHCHECK "+hc[0])
			}
		}
	}
	if c := final["COPY"]; len(c) != 1 || c[0] != "--from=build /out/healthlite /out/healthlite-probe /" {
		t.Errorf("COPY = %q, want the binaries from the build stage at /healthlite and /healthlite-probe", c)
	}
}

// TestDockerfileBuildsStaticBinary checks what TestMain built with the
// Dockerfile's command: no dynamic loader, no shared libraries, no symbol
// table, and they run.
func TestDockerfileBuildsStaticBinary(t *testing.T) {
	for _, bin := range []string{binary, probeBinary} {
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Errorf("%s has a PT_INTERP segment: it is dynamically linked; CGO_ENABLED=0 is missing", bin)
			}
		}
		if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
			t.Errorf("%s needs shared libraries %q", bin, libs)
		}
		if _, err := f.Symbols(); !errors.Is(err, elf.ErrNoSymbols) {
			t.Errorf("%s keeps its symbol table (%v); -ldflags=-s is missing", bin, err)
		}
	}
	out, err := exec.Command(binary, "version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "go1.") {
		t.Errorf("healthlite version: %v\n%s", err, out)
	}
	out, err = exec.Command(probeBinary, "--help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--grpc HOST:PORT") {
		t.Errorf("healthlite-probe --help: %v\n%s", err, out)
	}
}

// numericNonRoot reports whether a USER value is uid or uid:gid, both
// numbers, the uid not 0.
func numericNonRoot(s string) bool {
	uid, gid, hasGid := strings.Cut(s, ":")
	u, err := strconv.Atoi(uid)
	if err != nil || u == 0 {
		return false
	}
	if hasGid {
		if _, err := strconv.Atoi(gid); err != nil {
			return false
		}
	}
	return true
}

// squash drops all white space, so that layouts of one instruction compare
// equal.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }
