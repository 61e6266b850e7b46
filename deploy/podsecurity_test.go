package deploy

import (
	"encoding/json"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestManifestsRestricted holds every Kubernetes manifest under deploy/ to
// the restricted Pod Security Standard (as the kubelet and the admission
// controller apply it; no cluster is here to refuse them) and to the two
// rules a kubelet enforces at start: a numeric non-root user, and images
// pinned by tag (never :latest). Containers running healthlite have
// resources too.
func TestManifestsRestricted(t *testing.T) {
	var files []string
	filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			files = append(files, path)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatal("no manifests found")
	}
	for _, f := range files {
		for i, doc := range readYAMLDocs(t, f) {
			pod := podSpec(doc)
			if pod == nil {
				continue
			}
			for _, v := range restrictedViolations(pod) {
				t.Errorf("%s (document %d): %s", f, i+1, v)
			}
		}
	}
}

// readYAMLDocs parses every document of a YAML file through python3's yaml
// module (the root module takes no YAML dependency).
func readYAMLDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed (Debian: apt-get install python3 python3-yaml)")
	}
	out, err := exec.Command("python3", "-c", "import json, sys, yaml; json.dump([d for d in yaml.safe_load_all(open(sys.argv[1])) if d], sys.stdout)", path).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && strings.Contains(string(ee.Stderr), "No module named 'yaml'") {
			t.Skip("python3 yaml module missing (Debian: apt-get install python3-yaml)")
		}
		t.Fatalf("%s is not valid YAML: %v", path, err)
	}
	var docs []map[string]any
	if err := json.Unmarshal(out, &docs); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return docs
}

// podSpec returns the pod spec of a Pod, or of a workload's pod template
// (Deployment, StatefulSet, DaemonSet, Job, ReplicaSet), or of a CronJob's
// job template; nil for other kinds.
func podSpec(doc map[string]any) map[string]any {
	switch doc["kind"] {
	case "Pod":
		return obj(doc, "spec")
	case "CronJob":
		return obj(doc, "spec", "jobTemplate", "spec", "template", "spec")
	}
	return obj(doc, "spec", "template", "spec")
}

// obj walks nested maps by key; nil when a step is missing.
func obj(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}

// restrictedViolations lists how pod breaks the rules, one line each.
func restrictedViolations(pod map[string]any) []string {
	var bad []string
	for _, k := range []string{"hostNetwork", "hostPID", "hostIPC"} {
		if pod[k] == true {
			bad = append(bad, k+" is set")
		}
	}
	allowedVolumes := map[string]bool{"configMap": true, "csi": true, "downwardAPI": true, "emptyDir": true,
		"ephemeral": true, "persistentVolumeClaim": true, "projected": true, "secret": true}
	vols, _ := pod["volumes"].([]any)
	for _, v := range vols {
		for k := range v.(map[string]any) {
			if k != "name" && !allowedVolumes[k] {
				bad = append(bad, "volume type "+k+" is not allowed")
			}
		}
	}
	psc := obj(pod, "securityContext")
	podNonRoot := psc != nil && psc["runAsNonRoot"] == true
	podUser, _ := psc["runAsUser"].(float64)
	podSeccomp := seccompOK(obj(psc, "seccompProfile"))
	if psc != nil && psc["runAsUser"] != nil && podUser == 0 {
		bad = append(bad, "pod runAsUser 0")
	}
	for _, list := range []string{"initContainers", "containers", "ephemeralContainers"} {
		cs, _ := pod[list].([]any)
		for _, c := range cs {
			c := c.(map[string]any)
			name, _ := c["name"].(string)
			where := "container " + name + ": "
			image, _ := c["image"].(string)
			if tag := imageTag(image); tag == "" || tag == "latest" {
				bad = append(bad, where+"image "+image+" is not pinned to a tag (no :latest)")
			}
			sc := obj(c, "securityContext")
			if sc == nil {
				bad = append(bad, where+"no securityContext")
				sc = map[string]any{}
			}
			if sc["privileged"] == true {
				bad = append(bad, where+"privileged")
			}
			if sc["allowPrivilegeEscalation"] != false {
				bad = append(bad, where+"allowPrivilegeEscalation must be false")
			}
			nonRoot := podNonRoot
			if v, ok := sc["runAsNonRoot"].(bool); ok {
				nonRoot = v
			}
			if !nonRoot {
				bad = append(bad, where+"runAsNonRoot must be true (pod or container)")
			}
			user := podUser
			if v, ok := sc["runAsUser"].(float64); ok {
				user = v
			}
			if user == 0 {
				bad = append(bad, where+"needs a numeric non-root runAsUser (pod or container): the kubelet cannot check runAsNonRoot against an image's user name")
			}
			if s := obj(sc, "seccompProfile"); s != nil {
				if !seccompOK(s) {
					bad = append(bad, where+"seccompProfile must be RuntimeDefault or Localhost")
				}
			} else if !podSeccomp {
				bad = append(bad, where+"seccompProfile RuntimeDefault or Localhost is needed (pod or container)")
			}
			caps := obj(sc, "capabilities")
			if !hasString(caps["drop"], "ALL") {
				bad = append(bad, where+"capabilities must drop ALL")
			}
			if add, _ := caps["add"].([]any); len(add) > 0 && !(len(add) == 1 && add[0] == "NET_BIND_SERVICE") {
				bad = append(bad, where+"capabilities may add only NET_BIND_SERVICE")
			}
			ports, _ := c["ports"].([]any)
			for _, p := range ports {
				if hp, _ := p.(map[string]any)["hostPort"].(float64); hp != 0 {
					bad = append(bad, where+"hostPort is set")
				}
			}
			if strings.Contains(image, "healthlite/healthlite") && obj(c, "resources", "requests") == nil {
				bad = append(bad, where+"healthlite without resource requests")
			}
		}
	}
	return bad
}

func seccompOK(s map[string]any) bool {
	return s != nil && (s["type"] == "RuntimeDefault" || s["type"] == "Localhost")
}

func hasString(list any, s string) bool {
	l, _ := list.([]any)
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// imageTag returns the tag of an image reference ("" when none; a digest
// counts as pinned).
func imageTag(image string) string {
	if _, digest, ok := strings.Cut(image, "@"); ok {
		return digest
	}
	name := image[strings.LastIndexByte(image, '/')+1:]
	_, tag, _ := strings.Cut(name, ":")
	return tag
}

// The checker itself refuses what the restricted standard refuses.
func TestRestrictedViolationsCatch(t *testing.T) {
	good := func() map[string]any {
		return map[string]any{
			"securityContext": map[string]any{"runAsNonRoot": true, "runAsUser": float64(65532), "seccompProfile": map[string]any{"type": "RuntimeDefault"}},
			"containers": []any{map[string]any{"name": "a", "image": "ghcr.io/healthlite/healthlite:0.1.0",
				"resources":       map[string]any{"requests": map[string]any{"cpu": "10m"}},
				"securityContext": map[string]any{"allowPrivilegeEscalation": false, "capabilities": map[string]any{"drop": []any{"ALL"}}}}},
		}
	}
	if v := restrictedViolations(good()); len(v) != 0 {
		t.Fatalf("a conforming pod: %q", v)
	}
	for name, mutate := range map[string]func(p map[string]any){
		"no seccomp":   func(p map[string]any) { delete(obj(p, "securityContext"), "seccompProfile") },
		"no runAsUser": func(p map[string]any) { delete(obj(p, "securityContext"), "runAsUser") },
		"runAsNonRoot": func(p map[string]any) { delete(obj(p, "securityContext"), "runAsNonRoot") },
		"latest":       func(p map[string]any) { p["containers"].([]any)[0].(map[string]any)["image"] = "x/y:latest" },
		"untagged":     func(p map[string]any) { p["containers"].([]any)[0].(map[string]any)["image"] = "registry:5000/y" },
		"escalation": func(p map[string]any) {
			obj(p["containers"].([]any)[0].(map[string]any), "securityContext")["allowPrivilegeEscalation"] = true
		},
		"caps": func(p map[string]any) {
			delete(obj(p["containers"].([]any)[0].(map[string]any), "securityContext"), "capabilities")
		},
		"hostPath": func(p map[string]any) {
			p["volumes"] = []any{map[string]any{"name": "h", "hostPath": map[string]any{}}}
		},
		"hostNetwork":  func(p map[string]any) { p["hostNetwork"] = true },
		"no resources": func(p map[string]any) { delete(p["containers"].([]any)[0].(map[string]any), "resources") },
		"unconfined":   func(p map[string]any) { obj(p, "securityContext", "seccompProfile")["type"] = "Unconfined" },
	} {
		p := good()
		mutate(p)
		if v := restrictedViolations(p); len(v) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
}
