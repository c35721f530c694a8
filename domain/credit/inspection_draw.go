package credit

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"marketplace/domain/kernel"
)

// InspectionAlgorithm is published with every inspection so that anyone can
// recompute the draw from the public data alone.
const InspectionAlgorithm = `seed_input = "inspection|" + id + "|" + created_at (RFC 3339 UTC with fractional seconds, as published) + "|" + pool ids in ascending order joined by ","; ` +
	`seed = SHA-256(seed_input), published as hex. ` +
	`Random numbers: the k-th number (k = 0, 1, 2, ...) is the first 8 bytes, big-endian, of SHA-256(seed bytes ‖ k as 8 bytes big-endian). ` +
	`uniform(n): draw numbers until x < 2^64 − (2^64 mod n), return x mod n. ` +
	`Agencies: Fisher–Yates on the ascending pool, for i = len−1 down to 1 swap a[i] with a[uniform(i+1)]; the first sample_size are drawn, in that order. ` +
	`Inspectors: then, for each drawn agency in order, the same stream continues with a Fisher–Yates of the inspectors list as published; the first inspectors_per_agency are assigned.`

// InspectionSeedInput is the exact string the seed hashes.
func InspectionSeedInput(id int64, createdAt time.Time, pool []int64) string {
	ids := make([]string, len(pool))
	for i, p := range pool {
		ids[i] = strconv.FormatInt(p, 10)
	}
	return "inspection|" + strconv.FormatInt(id, 10) + "|" + createdAt.UTC().Format(time.RFC3339Nano) + "|" + strings.Join(ids, ",")
}

// InspectionSeed is SHA-256 over the seed input, in hex.
func InspectionSeed(id int64, createdAt time.Time, pool []int64) string {
	sum := sha256.Sum256([]byte(InspectionSeedInput(id, createdAt, pool)))
	return hex.EncodeToString(sum[:])
}

// DrawStream is the deterministic random stream of a verifiable draw
// (kernel): inspections and the market's random draw share it.
type DrawStream = kernel.DrawStream

// NewDrawStream starts a stream from a hex seed (kernel).
func NewDrawStream(seedHex string) *DrawStream { return kernel.NewDrawStream(seedHex) }

// DrawInspection draws sample agencies from the ascending pool and assigns
// per inspectors to each, as InspectionAlgorithm says.
func DrawInspection(seedHex string, pool []int64, sample int, inspectors []string, per int) ([]int64, [][]string) {
	d := NewDrawStream(seedHex)
	a := append([]int64(nil), pool...)
	d.Shuffle(len(a), func(i, j int) { a[i], a[j] = a[j], a[i] })
	a = a[:sample]
	assigned := make([][]string, len(a))
	for t := range a {
		ins := append([]string(nil), inspectors...)
		d.Shuffle(len(ins), func(i, j int) { ins[i], ins[j] = ins[j], ins[i] })
		assigned[t] = ins[:per]
	}
	return a, assigned
}
