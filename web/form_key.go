package web

import (
	"crypto/rand"
	"encoding/hex"
)

// FormKey is a fresh idempotency key for one rendered form: a double click
// or a browser's resubmission sends the same key and acts once.
func (v *page) FormKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
