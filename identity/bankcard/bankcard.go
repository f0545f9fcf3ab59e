// Package bankcard holds the rules for a bank card number (PAN) that more than one
// part of Bawaba needs: its shape (12–19 digits with a Luhn check digit), its
// masked form for receipts and logs, and the keyed token that stands for it in the
// central service's store. The card reader's parser (devices/magstripe), the wire
// protocol's masked String methods and the central service's registry all call it,
// so a card masked on a kiosk receipt and in central's store looks the same, and a
// token computed by the magstripe package equals central's.
//
// It imports nothing of ours but identity/luhn, so a device driver can use it.
package bankcard

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/bawaba/bawaba/identity/luhn"
)

// PAN lengths allowed by ISO/IEC 7812.
const (
	MinPANLen = 12
	MaxPANLen = 19
)

// ValidPAN reports whether pan is MinPANLen–MaxPANLen ASCII digits with a valid
// Luhn check digit.
func ValidPAN(pan string) bool {
	return len(pan) >= MinPANLen && len(pan) <= MaxPANLen && luhn.Valid(pan)
}

// Mask keeps the first 6 (the issuer) and last 4 digits of a card number and hides
// the rest: "400000******0001". A string too short to keep anything hidden
// (fewer than 11 characters) becomes "****", so a mistake cannot print a number.
func Mask(pan string) string {
	if len(pan) < 11 {
		return "****"
	}
	b := []byte(pan)
	for i := 6; i < len(b)-4; i++ {
		b[i] = '*'
	}
	return string(b)
}

// Token is the token that stands for a bank card in central's store:
// hex(HMAC-SHA256(key, PAN)) under central's secret card-token key. Without the key
// the token says nothing about the PAN, even with the masked number's 10 known
// digits. Only central holds the key: a kiosk sends the PAN inside a sealed
// activation, and central computes the token.
func Token(key []byte, pan string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(pan))
	return hex.EncodeToString(m.Sum(nil))
}

// Expired reports whether a card with the YYMM expiry yymm (as on the stripe) is
// expired at now: a card is valid to the end of its month. An expiry that is not
// YYMM counts as expired. The kiosk checks a card read with it before sending
// it, and central checks the expiry the kiosk sends with it: one rule.
func Expired(yymm string, now time.Time) bool {
	if len(yymm) != 4 || strings.Trim(yymm, "0123456789") != "" {
		return true // Atoi alone would take "+1" for a month
	}
	yy, _ := strconv.Atoi(yymm[:2])
	mm, _ := strconv.Atoi(yymm[2:])
	if mm < 1 || mm > 12 {
		return true
	}
	end := time.Date(2000+yy, time.Month(mm)+1, 1, 0, 0, 0, 0, now.Location())
	return !now.Before(end)
}
