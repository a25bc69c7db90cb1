package paging

import (
	"crypto/rand"
	"encoding/base64"
)

// NewIntegrationKey returns a random integration key: 32 URL-safe
// characters (192 bits), like PagerDuty's, so that it fits in an intake URL
// and in a PagerDuty routing_key field alike.
func NewIntegrationKey() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
