package kernel

import (
	"crypto/sha256"
	"encoding/hex"
)

// Client is who sent a request: the client address and user agent the api
// layer read from it. The market passes it along with a bid and
// supervision records it as evidence (docs/risk.md); it is empty when
// unknown (tests, tools).
type Client struct {
	IP        string
	UserAgent string
}

// Fingerprint is a short hash of IP and user agent ("" when both are empty).
func (c Client) Fingerprint() string {
	if c.IP == "" && c.UserAgent == "" {
		return ""
	}
	h := sha256.Sum256([]byte(c.IP + "\x00" + c.UserAgent))
	return hex.EncodeToString(h[:16])
}
