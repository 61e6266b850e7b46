package main

import (
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/healthlite/healthlite/checks"
	"github.com/healthlite/healthlite/internal/testcert"
)

func TestParseCheckSpecTLS(t *testing.T) {
	dir := t.TempDir()
	ca := testcert.NewCA(t, "CA")
	caFile := ca.WriteCA(t, dir, "ca")
	cert, key := ca.Issue(t, testcert.Options{Client: true}).Write(t, dir, "client")
	sp, err := parseCheckSpec("api=http:https://db.internal:8443/ready,ca=" + caFile + ",cert=" + cert + ",key=" + key +
		",server-name=db.internal,insecure-skip-verify,method=HEAD,header=X-Token:abc,header=Host: api.internal,expect=200-299,204")
	if err != nil {
		t.Fatal(err)
	}
	want := webSpec{
		tls:    checks.TLSOptions{CA: caFile, Cert: cert, Key: key, ServerName: "db.internal", InsecureSkipVerify: true},
		tlsSet: true, method: "HEAD",
		header: http.Header{"X-Token": {"abc"}, "Host": {"api.internal"}},
	}
	if !reflect.DeepEqual(sp.web, want) || sp.target != "https://db.internal:8443/ready" || sp.expect.String() != "200-299,204" {
		t.Errorf("got %+v target %q expect %v", sp.web, sp.target, sp.expect)
	}
	if cfg := sp.web.tlsConfig(); cfg == nil || cfg.ServerName != "db.internal" || !cfg.InsecureSkipVerify || len(cfg.Certificates) != 1 || cfg.RootCAs == nil {
		t.Errorf("tlsConfig: %+v", cfg)
	}

	for spec, endpoint := range map[string]bool{"c=cert:db.internal:443": true, "c=cert:/etc/tls/tls.crt": false, "c=cert:[::1]:8443": true, "c=cert:./x.pem": false} {
		sp, err := parseCheckSpec(spec + ",warn-days=30,fail-days=7")
		if err != nil || certIsEndpoint(sp.target) != endpoint || sp.web.warnDays != 30 || sp.web.failDays != 7 {
			t.Errorf("%s: %+v %v", spec, sp, err)
		}
	}
}

func TestParseCheckSpecTLSErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ spec, err string }{
		{"a=http:http://x/,ca=" + dir + "/ca.pem", "need an https:// URL"},
		{"a=http:https://x/,ca=" + filepath.Join(dir, "missing.pem"), "missing.pem: no such file"},
		{"a=http:https://x/,cert=/c.pem", "cert= and key= go together"},
		{"a=http:https://x/,insecure-skip-verify=maybe", "want true or false"},
		{"a=http:https://x/,method=GE T", "want a method"},
		{"a=http:https://x/,header=NoColon", "want Name:Value"},
		{"a=http:https://x/,header=Bad Name:v", "want Name:Value"},
		{"a=http:https://x/,warn-days=3", `unknown key "warn-days" for a http check`},
		{"c=cert:x:443,warn-days=0", "want a positive whole number of days"},
		{"c=cert:x:443,warn-days=2", "fail-days=3 is more than warn-days=2"},
		{"c=cert:x:443,method=GET", `unknown key "method" for a cert check`},
		{"c=cert:x:443,ca=/x", `unknown key "ca" for a cert check`},
	} {
		_, err := parseCheckSpec(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: %v, want %q", c.spec, err, c.err)
		}
	}
}
