// Package web holds the server-rendered pages: templates, static assets and
// message files, all embedded in the binary (government intranets often have
// no internet: no CDN, no outside fonts).
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
)

//go:embed templates static i18n
var embedded embed.FS

// Static is the static asset tree (served under /static/).
func Static() fs.FS {
	sub, _ := fs.Sub(embedded, "static")
	return sub
}

// MessageFiles returns the i18n message files by name (active.zh-CN.json…).
func MessageFiles() (map[string][]byte, error) {
	out := map[string][]byte{}
	entries, err := embedded.ReadDir("i18n")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := embedded.ReadFile("i18n/" + e.Name())
		if err != nil {
			return nil, err
		}
		out[e.Name()] = b
	}
	return out, nil
}

// AssetVersion is a content hash of every static file, appended to asset
// URLs so that they can be cached for a year and still change on deploy.
var AssetVersion = func() string {
	h := sha256.New()
	fs.WalkDir(embedded, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := embedded.ReadFile(p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}()

// ParsePages parses every page template together with the layout and the
// partials. It fails on any template error, so a broken page stops start-up.
// The layout and the partials are parsed once and cloned for each page
// (html/template's Clone copies the trees, so each page escapes its own):
// parsing them again with each of the 54 pages was about a third of the
// server's start-up CPU (docs/performance.md).
func ParsePages(funcs template.FuncMap) (map[string]*template.Template, error) {
	shared, err := fs.Glob(embedded, "templates/shared/*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(embedded, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("shared").Funcs(funcs).ParseFS(embedded, shared...)
	if err != nil {
		return nil, fmt.Errorf("web: parse the shared templates: %w", err)
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := path.Base(p)
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(embedded, p)
		}
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", name, err)
		}
		out[strings.TrimSuffix(name, ".html")] = t
	}
	return out, nil
}
