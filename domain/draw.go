package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
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
// as random inspections (DrawStream).
func NewDraw(input string, ids []int64) Draw {
	sum := sha256.Sum256([]byte(input))
	seed := hex.EncodeToString(sum[:])
	order := slices.Clone(ids)
	slices.Sort(order)
	NewDrawStream(seed).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return Draw{Input: input, Seed: seed, Algorithm: DrawAlgorithm, Order: order}
}

// VerifyDraw recomputes a published draw and reports whether it matches.
func VerifyDraw(d Draw) error {
	again := NewDraw(d.Input, d.Order)
	if again.Seed != d.Seed {
		return Errorf(EINVALID, "draw_seed_mismatch", "The seed is not SHA-256 of the published input.")
	}
	if !slices.Equal(again.Order, d.Order) {
		return Errorf(EINVALID, "draw_order_mismatch", "The published order does not follow from the seed (recomputed %v).", again.Order)
	}
	return nil
}
