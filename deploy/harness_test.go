package deploy

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/internal/exectest"
)

// binary and probeBinary are healthlite and healthlite-probe built with the
// Dockerfile's own build command by TestMain, so the tests below run what
// the image would contain.
var binary, probeBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "healthlite-deploy-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary, probeBinary = filepath.Join(dir, "healthlite"), filepath.Join(dir, "healthlite-probe")
	err = buildLikeDockerfile(dir)
	code := 1
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// goBuild matches the Dockerfile's build step and captures its -o argument.
var goBuild = regexp.MustCompile(`^RUN (CGO_ENABLED=0 go build .*) -o (\S+/) (\./cmd/healthlite \./cmd/healthlite-probe)$`)

// buildLikeDockerfile runs the Dockerfile's go build command from the
// repository root, writing the binaries to directory out instead of the
// image's.
func buildLikeDockerfile(out string) error {
	instrs, err := readDockerfile("Dockerfile")
	if err != nil {
		return err
	}
	for _, in := range instrs {
		if m := goBuild.FindStringSubmatch(in.line); m != nil {
			cmd := exec.Command("sh", "-c", m[1]+" -o "+strconv.Quote(out+"/")+" "+m[3])
			cmd.Dir = ".."
			if b, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("deploy: Dockerfile build step %q: %v\n%s", m[1], err, b)
			}
			return nil
		}
	}
	return fmt.Errorf("deploy: Dockerfile has no RUN step matching %s", goBuild)
}

// instruction is one Dockerfile instruction with continuations joined.
type instruction struct {
	stage int    // 0 for the first FROM's stage
	line  string // "RUN CGO_ENABLED=0 go build …"
}

func (in instruction) keyword() string { k, _, _ := strings.Cut(in.line, " "); return k }
func (in instruction) args() string    { _, a, _ := strings.Cut(in.line, " "); return a }

func readDockerfile(path string) ([]instruction, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []instruction
	stage, cur := -1, ""
	for raw := range strings.SplitSeq(string(b), "\n") {
		line := strings.TrimSpace(raw)
		if cur == "" && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if rest, ok := strings.CutSuffix(line, `\`); ok {
			cur += strings.TrimSpace(rest) + " "
			continue
		}
		cur += line
		if strings.HasPrefix(cur, "FROM ") {
			stage++
		}
		out = append(out, instruction{stage: stage, line: cur})
		cur = ""
	}
	return out, nil
}

// server is a running "healthlite serve".
type server struct {
	*exectest.Group
	port int
}

// serve runs "healthlite serve" with args (already rewritten for the test;
// in Kubernetes they follow the image's ENTRYPOINT, /healthlite serve) and
// env, and waits (bounded) until it has written portFile.
func serve(t *testing.T, args, env []string, portFile string) *server {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	s := &server{Group: exectest.StartGroup(t, cmd)}
	s.port = s.WaitPortFile(t, portFile)
	return s
}

// stop sends SIGTERM and expects a clean exit (bounded wait).
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.Stop(t); err != nil {
		t.Errorf("healthlite serve after SIGTERM: %v, want exit 0", err)
	}
}

// override sets --name to value in args, in either "--name value" or
// "--name=value" form, or appends it when absent.
func override(args []string, name, value string) []string {
	flag := "--" + name
	out := append([]string(nil), args...)
	found := false
	for i := 0; i < len(out); i++ {
		switch {
		case out[i] == flag && i+1 < len(out):
			out[i+1] = value
			found = true
			i++
		case strings.HasPrefix(out[i], flag+"="):
			out[i] = flag + "=" + value
			found = true
		}
	}
	if !found {
		out = append(out, flag, value)
	}
	return out
}
