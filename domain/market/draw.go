package market

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"marketplace/domain/kernel"
)

// DrawAlgorithm is published with every draw so that anyone can recompute it.
const DrawAlgorithm = "seed = SHA-256(UTF-8 input); ids sorted ascending; for i from n-1 down to 1: " +
	"r = first 8 bytes (big-endian) of SHA-256(seed bytes ‖ 8-byte big-endian counter), counter from 0, " +
	"redrawn with the next counter while r ≥ 2^64 − (2^64 mod (i+1)); j = r mod (i+1); swap ids[i] and ids[j]. " +
	"The resulting order ranks the candidates (first = selected)."

// Draw is a verifiable random draw: the input text is built only from public
// data, the seed is its SHA-256, and the order follows from the seed alone.
type Draw struct {
	Input     string  `json:"input"`
	Seed      string  `json:"seed"`
	Algorithm string  `json:"algorithm"`
	Order     []int64 `json:"order"`
}

// DrawInput is the published input of a project's draw: the project id, the
// bidding close and the sorted ids of the valid bids.
func DrawInput(projectID int64, closedAt time.Time, bidIDs []int64) string {
	ids := slices.Clone(bidIDs)
	slices.Sort(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return fmt.Sprintf("project:%d|closed_at:%s|bids:%s", projectID, closedAt.UTC().Format(time.RFC3339Nano), strings.Join(parts, ","))
}

// NewDraw computes the draw of ids from input, with the same random stream
// as random inspections (kernel.DrawStream).
func NewDraw(input string, ids []int64) Draw {
	sum := sha256.Sum256([]byte(input))
	seed := hex.EncodeToString(sum[:])
	order := slices.Clone(ids)
	slices.Sort(order)
	kernel.NewDrawStream(seed).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return Draw{Input: input, Seed: seed, Algorithm: DrawAlgorithm, Order: order}
}

// VerifyDraw recomputes a published draw and reports whether it matches.
func VerifyDraw(d Draw) error {
	again := NewDraw(d.Input, d.Order)
	if again.Seed != d.Seed {
		return kernel.Errorf(kernel.EINVALID, "draw_seed_mismatch", "The seed is not SHA-256 of the published input.")
	}
	if !slices.Equal(again.Order, d.Order) {
		return kernel.Errorf(kernel.EINVALID, "draw_order_mismatch", "The published order does not follow from the seed (recomputed %v).", again.Order)
	}
	return nil
}

// RankRandomDraw ranks by a verifiable draw over the valid bids.
func RankRandomDraw(projectID int64, closedAt time.Time, cands []Candidate) ([]RankedCandidate, Draw) {
	ids := make([]int64, len(cands))
	byID := make(map[int64]Candidate, len(cands))
	for i, c := range cands {
		ids[i] = c.BidID
		byID[c.BidID] = c
	}
	d := NewDraw(DrawInput(projectID, closedAt, ids), ids)
	out := make([]RankedCandidate, len(d.Order))
	for i, id := range d.Order {
		out[i] = RankedCandidate{Candidate: byID[id], Rank: i + 1}
	}
	return out, d
}

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
		return nil, kernel.Errorf(kernel.EINVALID, "project_json", "The project JSON cannot be read: %v", err)
	}
	if p.Method != MethodRandomDraw || p.Result == nil || p.Result.Draw == nil {
		return nil, kernel.Errorf(kernel.EINVALID, "no_draw", "Project %d has no published random draw.", p.ID)
	}
	d := p.Result.Draw
	var ids []int64
	for _, e := range p.Result.Ranking {
		if e.BidID != nil {
			ids = append(ids, *e.BidID)
		}
	}
	if want := DrawInput(p.ID, p.ClosesAt, ids); want != d.Input {
		return d, kernel.Errorf(kernel.EINVALID, "draw_input_mismatch", "The published input %q is not the one rebuilt from public data %q.", d.Input, want)
	}
	if p.Result.Seed != d.Seed {
		return d, kernel.Errorf(kernel.EINVALID, "draw_seed_mismatch", "The result's seed %s differs from the draw's %s.", p.Result.Seed, d.Seed)
	}
	if d.Algorithm != DrawAlgorithm {
		return d, kernel.Errorf(kernel.EINVALID, "draw_algorithm_mismatch", "The published algorithm is not this platform's.")
	}
	again := NewDraw(d.Input, ids)
	if again.Seed != d.Seed {
		return d, kernel.Errorf(kernel.EINVALID, "draw_seed_mismatch", "The published seed %s is not SHA-256 of the input (%s).", d.Seed, again.Seed)
	}
	if !slices.Equal(again.Order, d.Order) {
		return d, kernel.Errorf(kernel.EINVALID, "draw_order_mismatch", "The published order %v does not follow from the seed (recomputed %v).", d.Order, again.Order)
	}
	if !slices.Equal(ids, d.Order) {
		return d, kernel.Errorf(kernel.EINVALID, "ranking_order_mismatch", "The ranking %v does not follow the draw's order %v.", ids, d.Order)
	}
	return d, nil
}
