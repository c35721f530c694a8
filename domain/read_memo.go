package domain

import (
	"context"
	"sync"

	"marketplace/domain/market"
)

type projectMemoKey struct{}

// projectMemo holds the projects one page has read, by id.
type projectMemo struct {
	mu sync.Mutex
	m  map[int64]*market.Project
}

// WithProjectMemo marks ctx as serving one page that only reads: each
// section checks the project it shows (visibility, stage), and storage
// answers the second and later unlocked reads of a project from the first
// instead of the database. Writes and locked reads never use it; a handler
// installs it only once its own change, if any, is done.
func WithProjectMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, projectMemoKey{}, &projectMemo{m: map[int64]*market.Project{}})
}

// MemoProject returns a copy of the project ctx's memo holds, if any.
func MemoProject(ctx context.Context, id int64) (*market.Project, bool) {
	pm, _ := ctx.Value(projectMemoKey{}).(*projectMemo)
	if pm == nil {
		return nil, false
	}
	pm.mu.Lock()
	defer pm.mu.Unlock()
	p, ok := pm.m[id]
	if !ok {
		return nil, false
	}
	return copyProject(p), true
}

// RememberProject keeps a copy of p in ctx's memo, if ctx has one.
func RememberProject(ctx context.Context, p *market.Project) {
	pm, _ := ctx.Value(projectMemoKey{}).(*projectMemo)
	if pm == nil {
		return
	}
	cp := copyProject(p)
	pm.mu.Lock()
	pm.m[p.ID] = cp
	pm.mu.Unlock()
}

// copyProject copies p and its avoid list, which callers may change.
func copyProject(p *market.Project) *market.Project {
	cp := *p
	if p.Avoid != nil {
		cp.Avoid = make([]market.Avoid, len(p.Avoid))
		copy(cp.Avoid, p.Avoid)
	}
	return &cp
}
