package credit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
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

// DrawStream is the deterministic random stream of a verifiable draw:
// number k is the first 8 bytes of SHA-256(seed ‖ k).
type DrawStream struct {
	seed    []byte
	counter uint64
}

// NewDrawStream starts a stream from a hex seed.
func NewDrawStream(seedHex string) *DrawStream {
	b, _ := hex.DecodeString(seedHex)
	return &DrawStream{seed: b}
}

// Uint64 returns the next number.
func (d *DrawStream) Uint64() uint64 {
	buf := make([]byte, len(d.seed)+8)
	copy(buf, d.seed)
	binary.BigEndian.PutUint64(buf[len(d.seed):], d.counter)
	d.counter++
	sum := sha256.Sum256(buf)
	return binary.BigEndian.Uint64(sum[:8])
}

// Uniform returns a uniform integer in [0, n) by rejection sampling.
func (d *DrawStream) Uniform(n int) int {
	un := uint64(n)
	// 2^64 mod n is (2^64 − n) mod n; the limit 2^64 − that wraps to 0
	// when n divides 2^64, and then every number is acceptable.
	limit := -(-un % un)
	for {
		x := d.Uint64()
		if limit == 0 || x < limit {
			return int(x % un)
		}
	}
}

// Shuffle is Fisher–Yates from the top.
func (d *DrawStream) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i >= 1; i-- {
		swap(i, d.Uniform(i+1))
	}
}

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
