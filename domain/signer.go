package domain

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// Signer signs with the platform's Ed25519 key: audit checkpoints now,
// electronic contracts later. The key is configured as the base64 of its
// 32-byte seed (AUDIT_SIGNING_KEY); anyone verifies with PublicKey.
type Signer struct {
	priv ed25519.PrivateKey
}

// NewSigner reads a key given as the base64 of its 32-byte seed.
func NewSigner(seedBase64 string) (*Signer, error) {
	seed, err := base64.StdEncoding.DecodeString(seedBase64)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("signing key: want the base64 of %d random bytes (e.g. `openssl rand -base64 32`)", ed25519.SeedSize)
	}
	return &Signer{priv: ed25519.NewKeyFromSeed(seed)}, nil
}

// GenerateSigningSeed returns a new random key seed, base64-encoded.
func GenerateSigningSeed() string {
	seed := make([]byte, ed25519.SeedSize)
	rand.Read(seed) // crypto/rand never fails (Go 1.24+)
	return base64.StdEncoding.EncodeToString(seed)
}

// Sign returns the base64 signature of msg.
func (s *Signer) Sign(msg []byte) string {
	return base64.StdEncoding.EncodeToString(ed25519.Sign(s.priv, msg))
}

// PublicKey is the base64 of the 32-byte public key.
func (s *Signer) PublicKey() string {
	return base64.StdEncoding.EncodeToString(s.priv.Public().(ed25519.PublicKey))
}

// KeyID names the key: the first 16 hex digits of its public key's SHA-256.
func (s *Signer) KeyID() string { return SigningKeyID(s.PublicKey()) }

// SigningKeyID is the KeyID of a base64 public key.
func SigningKeyID(publicKey string) string {
	sum := sha256.Sum256([]byte(publicKey))
	return hex.EncodeToString(sum[:8])
}

// VerifySignature reports whether sig (base64) is publicKey's (base64)
// signature of msg.
func VerifySignature(publicKey string, msg []byte, sig string) bool {
	pub, err := base64.StdEncoding.DecodeString(publicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return false
	}
	s, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return false
	}
	return ed25519.Verify(pub, msg, s)
}
