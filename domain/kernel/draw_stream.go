package kernel

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// DrawStream is the deterministic random stream of a verifiable draw,
// one for random inspections and the market's random draw alike: number
// k is the first 8 bytes of SHA-256(seed ‖ k).
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
