// Package otp issues and checks the one-time codes the central service sends by
// SMS: 6 digits, valid for 5 minutes, at most 5 tries, and a limited number of sends
// per mobile number. Challenges live in the store so several replicas share them,
// and a verified challenge stays on record as proof for records that cite it.
package otp

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// RateLimitError is returned by Send when the number had wire.OTPSendsPerWindow
// codes within wire.OTPSendWindow; RetryAfter says when the next send is allowed.
type RateLimitError struct{ RetryAfter time.Duration }

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("otp: too many codes for this number; retry after %s", e.RetryAfter.Round(time.Second))
}

// ErrPurpose is returned by Send for a purpose other than the wire.Purpose* ones.
var ErrPurpose = errors.New("otp: unknown purpose")

// Challenge is one code sent; the code itself is kept only as a salted hash.
type Challenge struct {
	ID       string    `json:"id"`
	Mobile   string    `json:"mobile"`
	Purpose  string    `json:"purpose"`
	CodeHash []byte    `json:"code_hash"`
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires"`
	Tries    int       `json:"tries"`
	Verified bool      `json:"verified"`
}

// Send creates a challenge for mobile and returns it with the code to send.
func Send(tx store.Tx, mobile, purpose string, now time.Time) (Challenge, string, error) {
	if purpose != wire.PurposeRegistration && purpose != wire.PurposeMobileChange && purpose != wire.PurposeSignIn {
		return Challenge{}, "", ErrPurpose
	}
	var sends []time.Time
	if b, err := tx.Get(store.OTPRates, mobile); err == nil {
		json.Unmarshal(b, &sends)
	} else if !errors.Is(err, store.ErrNotFound) {
		return Challenge{}, "", err
	}
	recent := sends[:0]
	for _, t := range sends {
		if now.Sub(t) < wire.OTPSendWindow {
			recent = append(recent, t)
		}
	}
	if len(recent) >= wire.OTPSendsPerWindow {
		return Challenge{}, "", &RateLimitError{RetryAfter: recent[0].Add(wire.OTPSendWindow).Sub(now)}
	}
	b, _ := json.Marshal(append(recent, now))
	if err := tx.Put(store.OTPRates, mobile, b); err != nil {
		return Challenge{}, "", err
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return Challenge{}, "", fmt.Errorf("otp: random: %w", err)
	}
	code := fmt.Sprintf("%06d", n.Int64())
	idb := make([]byte, 16)
	rand.Read(idb)
	c := Challenge{ID: "otp-" + base64.RawURLEncoding.EncodeToString(idb), Mobile: mobile, Purpose: purpose,
		Created: now, Expires: now.Add(wire.OTPTTL)}
	c.CodeHash = hash(c.ID, code)
	if err := put(tx, c); err != nil {
		return Challenge{}, "", err
	}
	return c, code, nil
}

// Verify checks code against the challenge; wrong codes use up tries.
func Verify(tx store.Tx, id, code string, now time.Time) (wire.OTPVerifyResponse, error) {
	c, err := Get(tx, id)
	if errors.Is(err, store.ErrNotFound) {
		return wire.OTPVerifyResponse{Result: wire.OTPUnknown}, nil
	}
	if err != nil {
		return wire.OTPVerifyResponse{}, err
	}
	right := subtle.ConstantTimeCompare(hash(id, code), c.CodeHash) == 1
	switch {
	case c.Verified && right:
		return wire.OTPVerifyResponse{Verified: true, Result: wire.OTPOK}, nil
	case c.Tries >= wire.OTPMaxTries:
		return wire.OTPVerifyResponse{Result: wire.OTPExhausted}, nil
	case now.After(c.Expires):
		return wire.OTPVerifyResponse{Result: wire.OTPExpired}, nil
	case right:
		c.Verified = true
		return wire.OTPVerifyResponse{Verified: true, Result: wire.OTPOK, TriesLeft: wire.OTPMaxTries - c.Tries}, put(tx, c)
	}
	c.Tries++
	res := wire.OTPVerifyResponse{Result: wire.OTPWrong, TriesLeft: wire.OTPMaxTries - c.Tries}
	if c.Tries >= wire.OTPMaxTries {
		res.Result = wire.OTPExhausted
	}
	return res, put(tx, c)
}

// Verified reports whether challenge id was verified for mobile and purpose; records
// cite it as proof that the person received a code on that number.
func Verified(tx store.Tx, id, mobile, purpose string) (bool, error) {
	if id == "" {
		return false, nil
	}
	c, err := Get(tx, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return c.Verified && c.Mobile == mobile && c.Purpose == purpose, nil
}

// Get loads a challenge.
func Get(tx store.Tx, id string) (Challenge, error) {
	b, err := tx.Get(store.OTPs, id)
	if err != nil {
		return Challenge{}, err
	}
	var c Challenge
	if err := json.Unmarshal(b, &c); err != nil {
		return Challenge{}, fmt.Errorf("otp: decode %s: %w", id, err)
	}
	return c, nil
}

func put(tx store.Tx, c Challenge) error {
	b, _ := json.Marshal(c)
	return tx.Put(store.OTPs, c.ID, b)
}

func hash(id, code string) []byte {
	h := sha256.Sum256([]byte("bawaba-otp:" + id + ":" + code))
	return h[:]
}
