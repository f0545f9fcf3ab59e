package magstripe

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/identity/luhn"
	"github.com/bawaba/bawaba/sync/wire"
)

// Card is a swiped bank card. The PAN is unexported on purpose.
type Card struct {
	pan         string
	Name        string // cardholder name from track 1 ("SURNAME/GIVEN"), "" if track 1 absent
	Expiry      string // YYMM
	ServiceCode string // three digits
	Tracks      int    // bit 0: track 1 read, bit 1: track 2 read
}

// Masked is the PAN with all but the first 6 and last 4 digits replaced by '*'
// (bankcard.Mask, the form central's store and receipts use too).
func (c Card) Masked() string { return bankcard.Mask(c.pan) }

// Last4 is the last four digits of the PAN, for "card ending in …" messages.
func (c Card) Last4() string {
	if len(c.pan) < 4 {
		return ""
	}
	return c.pan[len(c.pan)-4:]
}

// Token is hex(HMAC-SHA256(key, PAN)) (bankcard.Token, the one central computes):
// stable per key, useless without it. Central holds the card-token key; a kiosk
// does not, and sends the card with Activation instead.
func (c Card) Token(key []byte) string { return bankcard.Token(key, c.pan) }

// Activation is the sealed payload that activates account idNumber with this bank
// card. It is the one way the PAN leaves this package: into a payload that is
// sealed to central before it is stored (the outbox) or sent, where central turns
// it into its keyed CardToken. Never log or keep the payload unsealed.
func (c Card) Activation(idNumber string) *wire.Activation {
	return &wire.Activation{IDNumber: idNumber, Method: wire.MethodBankCard, CardPAN: c.pan, CardMasked: c.Masked()}
}

// MobileChange puts this card as the proof into m, the sealed payload of a change
// of mobile number at an ATM (old SIM lost); the same rules as Activation hold.
func (c Card) MobileChange(m wire.MobileChange) *wire.MobileChange {
	m.Proof, m.CardPAN, m.CardMasked = wire.MethodBankCard, c.pan, c.Masked()
	return &m
}

// ProofRequest is the live proof of the holder of idNumber by this card (POST
// /v1/proof), with its expiry; idNumber "" asks central who the card's holder
// is. The same rules as Activation hold: the PAN goes to central over mutual
// TLS, or into a sealed payload, and nowhere else.
func (c Card) ProofRequest(idNumber string) wire.ProofRequest {
	return wire.ProofRequest{Method: wire.MethodBankCard, IDNumber: idNumber, CardPAN: c.pan, CardExpiry: c.Expiry}
}

// Expired reports whether the card's YYMM expiry is before now's month (a card
// is valid to the end of its month); an unreadable expiry counts as expired
// (bankcard.Expired, the rule central checks too).
func (c Card) Expired(now time.Time) bool { return bankcard.Expired(c.Expiry, now) }

// TokenWith hands the PAN to a one-way function chosen by the caller (for instance
// the back office's token scheme) and returns its result, so the PAN never has to
// leave this package as a value someone could keep.
func (c Card) TokenWith(f func(pan string) string) string { return f(c.pan) }

// String is masked.
func (c Card) String() string {
	return fmt.Sprintf("magstripe.Card{%s exp=%s svc=%s}", c.Masked(), c.Expiry, c.ServiceCode)
}

// GoString is masked.
func (c Card) GoString() string { return c.String() }

// LogValue is masked and leaves out the name.
func (c Card) LogValue() slog.Value {
	return slog.GroupValue(slog.String("pan", c.Masked()), slog.String("service_code", c.ServiceCode))
}

// Code says why a swipe was rejected; the UI maps it to "please swipe again",
// "card not supported" and so on.
type Code int

// Error codes.
const (
	CodeFormat   Code = iota + 1 // sentinels, separators or field lengths wrong
	CodeLRC                      // the LRC character after the end sentinel does not match
	CodePAN                      // PAN length outside 12–19 digits
	CodeLuhn                     // PAN fails the Luhn check (a misread)
	CodeExpiry                   // expiry is not YYMM
	CodeMismatch                 // track 1 and track 2 disagree
	CodeRead                     // the reader reported a track read error ("%E?", ";E?")
	CodeNoTrack                  // no track found in the message
)

func (c Code) String() string {
	return [...]string{"unknown", "format", "lrc", "pan length", "luhn", "expiry", "tracks disagree", "read error", "no track"}[min(int(c), 8)]
}

// Error is a rejected swipe. It never carries track data.
type Error struct {
	Code  Code
	Track int // 1 or 2; 0 when about the whole swipe
}

func (e *Error) Error() string {
	if e.Track == 0 {
		return "magstripe: " + e.Code.String()
	}
	return fmt.Sprintf("magstripe: track %d: %s", e.Track, e.Code)
}

type track struct {
	pan, name, expiry, service string
}

// ParseTrack1 parses "%B…^…^…?" with an optional trailing LRC character.
func ParseTrack1(b []byte) (*Card, error) {
	t, err := track1(b)
	if err != nil {
		return nil, err
	}
	return &Card{pan: t.pan, Name: t.name, Expiry: t.expiry, ServiceCode: t.service, Tracks: 1}, nil
}

// ParseTrack2 parses ";…=…?" with an optional trailing LRC character.
func ParseTrack2(b []byte) (*Card, error) {
	t, err := track2(b)
	if err != nil {
		return nil, err
	}
	return &Card{pan: t.pan, Expiry: t.expiry, ServiceCode: t.service, Tracks: 2}, nil
}

// Parse reads one swipe message holding track 1, track 2 or both, in any order and
// separated by anything (readers put CR, LF or nothing between them). When both
// tracks are present they must agree on PAN, expiry and service code.
func Parse(msg []byte) (*Card, error) {
	var t1, t2 *track
	for i := 0; i < len(msg); {
		c := msg[i]
		if (c != '%' || t1 != nil) && (c != ';' || t2 != nil) {
			i++
			continue
		}
		n := trackLen(msg[i:], c == '%')
		if c == '%' {
			t, err := track1(msg[i : i+n])
			if err != nil {
				return nil, err
			}
			t1 = &t
		} else {
			t, err := track2(msg[i : i+n])
			if err != nil {
				return nil, err
			}
			t2 = &t
		}
		i += n
	}
	switch {
	case t1 == nil && t2 == nil:
		return nil, &Error{Code: CodeNoTrack}
	case t1 == nil:
		return &Card{pan: t2.pan, Expiry: t2.expiry, ServiceCode: t2.service, Tracks: 2}, nil
	}
	c := &Card{pan: t1.pan, Name: t1.name, Expiry: t1.expiry, ServiceCode: t1.service, Tracks: 1}
	if t2 != nil {
		if t2.pan != t1.pan || t2.expiry != t1.expiry || t2.service != t1.service {
			return nil, &Error{Code: CodeMismatch}
		}
		c.Tracks |= 2
	}
	return c, nil
}

// trackLen is the length of the track starting at b[0]: through the end sentinel
// and the LRC character if one follows. A byte after '?' that is a line break, or a
// start sentinel that is not a valid LRC, begins the next part of the message.
func trackLen(b []byte, track1 bool) int {
	q := bytes.IndexByte(b, '?')
	if q < 0 {
		return len(b)
	}
	if q+1 >= len(b) || b[q+1] == '\r' || b[q+1] == '\n' {
		return q + 1
	}
	base, mask := byte(0x30), byte(0x0F)
	if track1 {
		base, mask = 0x20, 0x3F
	}
	if lrc(b[:q+1], base, mask) != b[q+1] && (b[q+1] == '%' || b[q+1] == ';') {
		return q + 1
	}
	return q + 2
}

// lrc computes a track's LRC character: XOR of the character codes (6-bit from ' '
// for track 1, 4-bit from '0' for track 2) over start sentinel to end sentinel.
func lrc(b []byte, base byte, mask byte) byte {
	var x byte
	for _, c := range b {
		x ^= (c - base) & mask
	}
	return x + base
}

func split(b []byte, tr int, base, mask byte) (string, error) {
	q := bytes.IndexByte(b, '?')
	if q < 0 {
		return "", &Error{Code: CodeFormat, Track: tr}
	}
	switch len(b) - q - 1 {
	case 0:
	case 1:
		if lrc(b[:q+1], base, mask) != b[q+1] {
			return "", &Error{Code: CodeLRC, Track: tr}
		}
	default:
		return "", &Error{Code: CodeFormat, Track: tr}
	}
	return string(b[1:q]), nil
}

func track1(b []byte) (track, error) {
	if len(b) < 2 || b[0] != '%' {
		return track{}, &Error{Code: CodeFormat, Track: 1}
	}
	body, err := split(b, 1, 0x20, 0x3F)
	if err != nil {
		return track{}, err
	}
	if body == "E" {
		return track{}, &Error{Code: CodeRead, Track: 1}
	}
	if len(body) < 1 || body[0] != 'B' {
		return track{}, &Error{Code: CodeFormat, Track: 1}
	}
	parts := strings.SplitN(body[1:], "^", 3)
	if len(parts) != 3 || len(parts[1]) < 2 || len(parts[1]) > 26 {
		return track{}, &Error{Code: CodeFormat, Track: 1}
	}
	t := track{pan: parts[0], name: strings.TrimSpace(parts[1])}
	return t, finish(&t, parts[2], 1)
}

func track2(b []byte) (track, error) {
	if len(b) < 2 || b[0] != ';' {
		return track{}, &Error{Code: CodeFormat, Track: 2}
	}
	body, err := split(b, 2, 0x30, 0x0F)
	if err != nil {
		return track{}, err
	}
	if body == "E" {
		return track{}, &Error{Code: CodeRead, Track: 2}
	}
	pan, rest, ok := strings.Cut(body, "=")
	if !ok {
		return track{}, &Error{Code: CodeFormat, Track: 2}
	}
	t := track{pan: pan}
	return t, finish(&t, rest, 2)
}

// finish checks the PAN and reads expiry and service code from the field after the
// separator.
func finish(t *track, rest string, tr int) error {
	if len(t.pan) < bankcard.MinPANLen || len(t.pan) > bankcard.MaxPANLen {
		return &Error{Code: CodePAN, Track: tr}
	}
	if !luhn.Valid(t.pan) {
		return &Error{Code: CodeLuhn, Track: tr}
	}
	if len(rest) < 7 {
		return &Error{Code: CodeFormat, Track: tr}
	}
	for i := 0; i < 7; i++ {
		if rest[i] < '0' || rest[i] > '9' {
			if i < 4 {
				return &Error{Code: CodeExpiry, Track: tr}
			}
			return &Error{Code: CodeFormat, Track: tr}
		}
	}
	if m := (rest[2]-'0')*10 + rest[3] - '0'; m < 1 || m > 12 {
		return &Error{Code: CodeExpiry, Track: tr}
	}
	t.expiry, t.service = rest[:4], rest[4:7]
	return nil
}

// Track1 and Track2 build track text (with LRC when withLRC) for simulators and
// tests. pan must be digits; name at most 26 characters.
func Track1(pan, name, expiry, service, discretionary string, withLRC bool) string {
	s := "%B" + pan + "^" + name + "^" + expiry + service + discretionary + "?"
	if withLRC {
		s += string(lrc([]byte(s), 0x20, 0x3F))
	}
	return s
}

// Track2 builds track 2 text; see Track1.
func Track2(pan, expiry, service, discretionary string, withLRC bool) string {
	s := ";" + pan + "=" + expiry + service + discretionary + "?"
	if withLRC {
		s += string(lrc([]byte(s), 0x30, 0x0F))
	}
	return s
}
