package kernel

// Page is a 1-based page request. Lists answer at most MaxPerPage rows.
type Page struct {
	Page    int
	PerPage int
}

// Page sizes (SPEC §8: at most 200 a page; UI.md: 20 rows by default).
const (
	DefaultPerPage = 20
	MaxPerPage     = 200
)

// Normalize fills defaults and refuses out-of-range values.
func (p *Page) Normalize() error {
	if p.Page == 0 {
		p.Page = 1
	}
	if p.PerPage == 0 {
		p.PerPage = DefaultPerPage
	}
	if p.Page < 1 || p.Page > 1_000_000 {
		return FieldError("page", "page_range", "page must be between 1 and 1000000.")
	}
	if p.PerPage < 1 || p.PerPage > MaxPerPage {
		return FieldError("per_page", "per_page_range", "per_page must be between 1 and %d.", MaxPerPage)
	}
	return nil
}

// Offset is the number of rows to skip.
func (p Page) Offset() int { return (p.Page - 1) * p.PerPage }

// List is one page of results with the total count.
type List[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// NewList builds a list page, never with a nil slice (JSON [] not null).
func NewList[T any](items []T, total int, p Page) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, Total: total, Page: p.Page, PerPage: p.PerPage}
}

// PageOf cuts one page out of a short in-memory list (a project's
// objections: a handful of rows).
func PageOf[T any](all []T, pg Page) List[T] {
	from := min(pg.Offset(), len(all))
	to := min(from+pg.PerPage, len(all))
	return NewList(all[from:to], len(all), pg)
}
