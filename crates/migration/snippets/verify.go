package calendlywebhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// VerifyCalendly reports whether a delivery really comes from Calendly. rawBody is the
// request body exactly as received (io.ReadAll(r.Body)), before any JSON decoding;
// header is r.Header.Get("Calendly-Webhook-Signature").
func VerifyCalendly(rawBody []byte, header, signingKey string, tolerance time.Duration) bool {
	var t, v1 string
	for _, part := range strings.Split(header, ",") {
		name, value, found := strings.Cut(part, "=")
		if !found {
			continue
		}
		switch strings.TrimSpace(name) {
		case "t":
			t = strings.TrimSpace(value)
		case "v1":
			v1 = strings.TrimSpace(value)
		}
	}
	if t == "" || strings.Trim(t, "0123456789") != "" || v1 == "" {
		return false
	}
	seconds, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(signingKey))
	mac.Write([]byte(t + "."))
	mac.Write(rawBody)
	expected := hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(expected), []byte(v1)) { // constant time
		return false
	}
	age := time.Since(time.Unix(seconds, 0))
	if age < 0 {
		age = -age
	}
	return age <= tolerance
}
