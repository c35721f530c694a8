package storage

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Argon2id hashes passwords in the PHC string format. The defaults are the
// OWASP minimum (19 MiB, 2 passes, 1 lane): a login costs ~20 ms of one core.
type Argon2id struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultHasher is the production password hasher.
var DefaultHasher = Argon2id{Memory: 19 * 1024, Time: 2, Threads: 1}

// Each hash holds Memory KiB while it runs, and a burst of registrations
// or logins would hold that much per request at once (a burst of 64
// registrations took the server from 115 to 165 MiB; docs/performance.md).
// More hashes at once than there are cores buy no throughput, so at most
// that many run; the others wait for a slot.
var (
	hashSlots    = make(chan struct{}, runtime.GOMAXPROCS(0))
	hashesNow    atomic.Int32 // running hashes, for the test
	hashesAtMost atomic.Int32 // the most seen at once
)

// idKey is argon2.IDKey in one of hashSlots.
func idKey(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	n := hashesNow.Add(1)
	defer hashesNow.Add(-1)
	for m := hashesAtMost.Load(); n > m && !hashesAtMost.CompareAndSwap(m, n); m = hashesAtMost.Load() {
	}
	return argon2.IDKey(password, salt, time, memory, threads, keyLen)
}

// Hash implements identity.PasswordHasher.
func (h Argon2id) Hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("storage: salt: %w", err)
	}
	key := idKey([]byte(password), salt, h.Time, h.Memory, h.Threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.Memory, h.Time, h.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// Verify implements identity.PasswordHasher; it reads the parameters from the
// hash so that raising them later does not lock out old accounts.
func (h Argon2id) Verify(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var mem, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || mem > 1<<20 || t > 10 || p == 0 {
		return false
	}
	got := idKey([]byte(password), salt, t, mem, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
