package server

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

var updateConfigDoc = flag.Bool("update", false, "rewrite the generated table of docs/configuration.md (also UPDATE_CONFIG_DOC=1)")

const (
	configDocPath  = "../../docs/configuration.md"
	configDocBegin = "<!-- BEGIN settings table: generated from Config (tools/server/config.go) by TestConfigDoc; edit the struct tags, then run go test -run TestConfigDoc -update -->\n"
	configDocEnd   = "<!-- END settings table -->"
)

// The settings table of docs/configuration.md is generated from Config's
// struct tags; this test fails when the two differ and, with -update (or
// UPDATE_CONFIG_DOC=1), rewrites the table.
func TestConfigDoc(t *testing.T) {
	b, err := os.ReadFile(configDocPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i, j := strings.Index(doc, configDocBegin), strings.Index(doc, configDocEnd)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers %q … %q", configDocPath, configDocBegin, configDocEnd)
	}
	got, want := doc[i+len(configDocBegin):j], configTable()
	if got == want {
		return
	}
	if *updateConfigDoc || os.Getenv("UPDATE_CONFIG_DOC") == "1" {
		if err := os.WriteFile(configDocPath, []byte(doc[:i+len(configDocBegin)]+want+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the table of %s", configDocPath)
		return
	}
	t.Errorf("the table of %s differs from Config; run go test -run TestConfigDoc -update\nwant:\n%s", configDocPath, want)
}

// Every setting is described once.
func TestConfig_SettingsDescribed(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range settings(&Config{}) {
		if s.Desc == "" {
			t.Errorf("%s has no desc tag", s.Name)
		}
		if seen[s.Name] {
			t.Errorf("%s is read twice", s.Name)
		}
		seen[s.Name] = true
	}
}

var (
	docLink = regexp.MustCompile(`docs/([a-z_-]+\.md)`)
	varName = regexp.MustCompile(`\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b`)
)

// configTable is the markdown table of the settings. Struct tags cannot hold
// backticks, so variable names are set in code here and mentions of
// docs/*.md become links (relative to docs/).
func configTable() string {
	known := map[string]bool{}
	for _, s := range settings(&Config{}) {
		known[s.Name] = true
	}
	var b strings.Builder
	b.WriteString("| variable | default | meaning |\n|---|---|---|\n")
	for _, s := range settings(&Config{}) {
		def := "—"
		if s.Default != "" {
			def = "`" + s.Default + "`"
		}
		desc := strings.ReplaceAll(s.Desc, "|", `\|`)
		desc = varName.ReplaceAllStringFunc(desc, func(n string) string {
			if known[n] {
				return "`" + n + "`"
			}
			return n
		})
		desc = docLink.ReplaceAllString(desc, "[$1]($1)")
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", s.Name, def, desc)
	}
	return b.String()
}
