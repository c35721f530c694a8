package domain

import (
	"encoding/json"
	"slices"
	"time"
)

// VerifyPublishedDraw recomputes a random draw from a project as the public
// API returns it (GET /api/v1/projects/{id}) and nothing else: it rebuilds
// the seed input from the project id, its closing time and the ranked bid
// ids, checks that it is the published input, recomputes seed and order
// with the published algorithm, and checks the ranking follows that order.
func VerifyPublishedDraw(projectJSON []byte) (*Draw, error) {
	var p struct {
		ID       int64     `json:"id"`
		Method   string    `json:"method"`
		ClosesAt time.Time `json:"closes_at"`
		Result   *Result   `json:"result"`
	}
	if err := json.Unmarshal(projectJSON, &p); err != nil {
		return nil, Errorf(EINVALID, "project_json", "The project JSON cannot be read: %v", err)
	}
	if p.Method != MethodRandomDraw || p.Result == nil || p.Result.Draw == nil {
		return nil, Errorf(EINVALID, "no_draw", "Project %d has no published random draw.", p.ID)
	}
	d := p.Result.Draw
	var ids []int64
	for _, e := range p.Result.Ranking {
		if e.BidID != nil {
			ids = append(ids, *e.BidID)
		}
	}
	if want := DrawInput(p.ID, p.ClosesAt, ids); want != d.Input {
		return d, Errorf(EINVALID, "draw_input_mismatch", "The published input %q is not the one rebuilt from public data %q.", d.Input, want)
	}
	if p.Result.Seed != d.Seed {
		return d, Errorf(EINVALID, "draw_seed_mismatch", "The result's seed %s differs from the draw's %s.", p.Result.Seed, d.Seed)
	}
	if d.Algorithm != DrawAlgorithm {
		return d, Errorf(EINVALID, "draw_algorithm_mismatch", "The published algorithm is not this platform's.")
	}
	again := NewDraw(d.Input, ids)
	if again.Seed != d.Seed {
		return d, Errorf(EINVALID, "draw_seed_mismatch", "The published seed %s is not SHA-256 of the input (%s).", d.Seed, again.Seed)
	}
	if !slices.Equal(again.Order, d.Order) {
		return d, Errorf(EINVALID, "draw_order_mismatch", "The published order %v does not follow from the seed (recomputed %v).", d.Order, again.Order)
	}
	if !slices.Equal(ids, d.Order) {
		return d, Errorf(EINVALID, "ranking_order_mismatch", "The ranking %v does not follow the draw's order %v.", ids, d.Order)
	}
	return d, nil
}
