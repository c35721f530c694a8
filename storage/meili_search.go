package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"marketplace/domain/search"
)

// Highlight markers: private-use characters that no document contains, so
// the text can be HTML-escaped before they become <mark> tags.
const markPre, markPost = "\ue000", "\ue001"

// Search implements the search port on Meilisearch.
func (m *MeiliSearch) Search(ctx context.Context, q *search.Query) (*search.Result, error) {
	if q.Relaxed {
		// Meilisearch segments words itself; the relaxed retry is for the
		// bigram engine, and the strict query already found nothing.
		return &search.Result{Facets: map[string][]search.FacetCount{}}, nil
	}
	req := &meilisearch.SearchRequest{
		Page: int64(q.Page.Page), HitsPerPage: meilisearch.Int64Ptr(int64(q.Page.PerPage)),
		HighlightPreTag: markPre, HighlightPostTag: markPost, CropLength: 40, CropMarker: "…",
	}
	var filters []string
	eq := func(attr, v string) {
		if v != "" {
			filters = append(filters, attr+" = "+meiliQuote(v))
		}
	}
	text := ""
	for _, t := range q.Terms {
		text += t.Alternatives[0] + " "
	}
	text = strings.TrimSpace(text)
	facetName := map[string]string{}
	if q.Type == search.Agencies {
		eq("item_codes", q.Item)
		eq("region", q.Region)
		eq("status", q.Status)
		eq("credit_grade", q.Grade)
		req.Facets = []string{"item_codes", "region", "status", "credit_grade"}
		facetName = map[string]string{"item_codes": "item", "region": "region", "status": "status", "credit_grade": "grade"}
		req.AttributesToHighlight, req.AttributesToCrop = []string{"name"}, []string{"description"}
		switch {
		case q.Sort == search.SortDate:
			req.Sort = []string{"created_at:desc"}
		case text == "":
			req.Sort = []string{"credit_score:desc"}
		}
	} else {
		eq("item_code", q.Item)
		eq("region", q.Region)
		eq("status", q.Status)
		eq("funding", q.Funding)
		if len(q.Statuses) > 0 {
			quoted := make([]string, len(q.Statuses))
			for i, st := range q.Statuses {
				quoted[i] = meiliQuote(st)
			}
			filters = append(filters, "status IN ["+strings.Join(quoted, ", ")+"]")
		}
		req.Facets = []string{"item_code", "region", "status", "funding"}
		facetName = map[string]string{"item_code": "item", "region": "region", "status": "status", "funding": "funding"}
		req.AttributesToHighlight, req.AttributesToCrop = []string{"title"}, []string{"description"}
		switch {
		case q.Sort == search.SortDeadline:
			req.Sort = []string{"open:desc", "closes_at:asc"}
		case q.Sort == search.SortDate || text == "":
			req.Sort = []string{"published_at:desc"}
		}
	}
	if len(filters) > 0 {
		req.Filter = filters // an array of strings is ANDed
	}
	index := "projects"
	if q.Type == search.Agencies {
		index = "agencies"
	}
	resp, err := m.client.Index(m.index(index)).Search(ctx, text, req)
	if err != nil {
		return nil, fmt.Errorf("storage: meilisearch search %s: %w", index, err)
	}
	res := &search.Result{Total: int(resp.TotalHits), Facets: map[string][]search.FacetCount{}}
	for _, h := range resp.Hits {
		hit, err := meiliHit(q.Type, h)
		if err != nil {
			return nil, err
		}
		res.Items = append(res.Items, hit)
	}
	var dist map[string]map[string]int
	if len(resp.FacetDistribution) > 0 {
		if err := json.Unmarshal(resp.FacetDistribution, &dist); err != nil {
			return nil, fmt.Errorf("storage: meilisearch facets: %w", err)
		}
	}
	for attr, name := range facetName {
		fc := []search.FacetCount{}
		for v, n := range dist[attr] {
			fc = append(fc, search.FacetCount{Value: v, Count: n})
		}
		res.Facets[name] = topFacets(fc)
	}
	return res, nil
}

// meiliQuote quotes a filter value for Meilisearch's filter syntax.
func meiliQuote(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// marked turns a Meilisearch _formatted string into escaped HTML with <mark>.
func marked(s string) string {
	return strings.NewReplacer(markPre, "<mark>", markPost, "</mark>").Replace(html.EscapeString(s))
}

func meiliHit(kind string, h meilisearch.Hit) (search.Hit, error) {
	var f struct {
		Title, Name, Description string
	}
	if raw, ok := h["_formatted"]; ok {
		if err := json.Unmarshal(raw, &f); err != nil {
			return search.Hit{}, fmt.Errorf("storage: meilisearch hit: %w", err)
		}
	}
	hit := search.Hit{Type: kind}
	if kind == search.Agencies {
		var d agencyDoc
		if err := h.Decode(&d); err != nil {
			return hit, fmt.Errorf("storage: meilisearch hit: %w", err)
		}
		score := d.CreditScore
		names := strings.Fields(d.ItemNames)
		if names == nil {
			names = []string{}
		}
		if d.ItemCodes == nil {
			d.ItemCodes = []string{}
		}
		hit.ID, hit.Title, hit.Snippet = d.ID, marked(orElse(f.Name, d.Name)), marked(orElse(f.Description, d.Description))
		hit.ItemCodes, hit.ItemNames, hit.Region, hit.Status = d.ItemCodes, names, d.Region, d.Status
		hit.CreditGrade, hit.CreditScore = d.CreditGrade, &score
		return hit, nil
	}
	var d projectDoc
	if err := h.Decode(&d); err != nil {
		return hit, fmt.Errorf("storage: meilisearch hit: %w", err)
	}
	closes := time.Unix(d.ClosesAt, 0).UTC()
	hit.ID, hit.Title, hit.Snippet = d.ID, marked(orElse(f.Title, d.Title)), marked(orElse(f.Description, d.Description))
	hit.ItemCodes, hit.ItemNames, hit.Region, hit.Status = []string{d.ItemCode}, []string{d.ItemName}, d.Region, d.Status
	hit.Funding, hit.OwnerName, hit.BiddingClosesAt = d.Funding, d.OwnerName, &closes
	if d.PublishedAt > 0 {
		p := time.Unix(d.PublishedAt, 0).UTC()
		hit.PublishedAt = &p
	}
	return hit, nil
}

func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
