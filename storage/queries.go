package storage

import (
	"embed"
	"fmt"
	"strings"
)

// Queries that need PostgreSQL itself (recursive and data-modifying CTEs,
// SKIP LOCKED, full text) are kept as whole SQL files under queries/, one
// per query and named after it, so that they read — and can be run in psql
// — as written, instead of as Go strings assembled from fragments. Named
// parameters (@topic) are bound by GORM. Queries that GORM's builder
// expresses are written with it.

//go:embed queries/*.sql
var queryFiles embed.FS

// loadQuery returns queries/<name>.sql. A missing file is a programming
// error: it panics when the package loads, so every test run finds it. So
// does a comment holding ? or @: GORM reads them as parameters wherever
// they stand, comments included, and would bind the first value there.
func loadQuery(name string) string {
	b, err := queryFiles.ReadFile("queries/" + name + ".sql")
	if err != nil {
		panic(fmt.Sprintf("storage: query %s: %v", name, err))
	}
	for i, line := range strings.Split(string(b), "\n") {
		if _, comment, ok := strings.Cut(line, "--"); ok && strings.ContainsAny(comment, "?@") {
			panic(fmt.Sprintf("storage: query %s, line %d: a comment holds ? or @, which GORM would bind as a parameter", name, i+1))
		}
	}
	return strings.TrimSpace(string(b))
}
