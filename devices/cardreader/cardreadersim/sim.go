// Package cardreadersim simulates an ATM magnetic-stripe reader in ASCII mode:
// Insert sends a synthetic card's track 1 and track 2 followed by CR, as a swipe
// would. Test cards have Luhn-valid numbers on a test BIN and the holder
// "RESIDENT/TEST".
package cardreadersim

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/simport"
	"github.com/bawaba/bawaba/identity/luhn"
)

// Sim is a simulated card reader.
type Sim struct {
	simport.Emitter
	// LRC, when true, sends each track's LRC character.
	LRC bool
}

// Card describes a synthetic card.
type Card struct {
	PAN, Name, Expiry, Service string
	Track1, Track2             bool
	// Half sends only the first half of each track, as a swipe pulled out
	// too fast does: the reader gets a line it cannot read.
	Half bool
}

// TestPAN returns a Luhn-valid PAN: prefix followed by zeros and serial, padded to
// 16 digits with the check digit.
func TestPAN(prefix string, serial int) string {
	body := fmt.Sprintf("%s%0*d", prefix, 15-len(prefix), serial)
	return body + string(luhn.Digit(body))
}

var samples = map[string]Card{
	"test-visa":   {PAN: TestPAN("400000", 1), Name: "RESIDENT/TEST", Expiry: "3012", Service: "201", Track1: true, Track2: true},
	"test-mada":   {PAN: TestPAN("588845", 2), Name: "RESIDENT/TEST", Expiry: "2906", Service: "221", Track1: true, Track2: true},
	"track2-only": {PAN: TestPAN("400000", 3), Expiry: "3012", Service: "201", Track2: true},
	"bad-luhn":    {PAN: TestPAN("400000", 4)[:15] + "0", Name: "RESIDENT/TEST", Expiry: "3012", Service: "201", Track1: true, Track2: true},
	"expired":     {PAN: TestPAN("400000", 5), Name: "RESIDENT/TEST", Expiry: "2001", Service: "201", Track1: true, Track2: true},
	"half-track":  {PAN: TestPAN("400000", 6), Expiry: "3012", Service: "201", Track2: true, Half: true},
}

func init() {
	// Keep bad-luhn bad whatever its last digit turned out to be.
	c := samples["bad-luhn"]
	if luhn.Valid(c.PAN) {
		c.PAN = c.PAN[:15] + "1"
	}
	samples["bad-luhn"] = c
}

// Samples lists the card names Insert accepts.
func Samples() []string {
	var names []string
	for n := range samples {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Sample returns the named sample card; ok is false for an unknown name.
func Sample(name string) (c Card, ok bool) {
	c, ok = samples[name]
	return c, ok
}

// Insert swipes a named sample card, or, when spec is all digits, a card with that
// PAN and the test holder.
func (s *Sim) Insert(spec string) error {
	c, ok := samples[spec]
	if !ok {
		if spec == "" || strings.Trim(spec, "0123456789") != "" {
			return fmt.Errorf("cardreadersim: unknown card %q (have %s or a PAN)", spec, strings.Join(Samples(), ", "))
		}
		c = Card{PAN: spec, Name: "RESIDENT/TEST", Expiry: "3012", Service: "201", Track1: true, Track2: true}
	}
	return s.Swipe(c)
}

// Swipe sends c's tracks. With bad checksums on, LRCs are sent and corrupted.
func (s *Sim) Swipe(c Card) error {
	bad := s.BadChecksums()
	lrc := s.LRC || bad
	var msg []string
	if c.Track1 {
		msg = append(msg, corrupt(magstripe.Track1(c.PAN, c.Name, c.Expiry, c.Service, "0000000", lrc), bad))
	}
	if c.Track2 {
		msg = append(msg, corrupt(magstripe.Track2(c.PAN, c.Expiry, c.Service, "0000000", lrc), bad))
	}
	if c.Half {
		for i, t := range msg {
			msg[i] = t[:len(t)/2]
		}
	}
	return s.Emit([]byte(strings.Join(msg, "\r") + "\r"))
}

func corrupt(track string, bad bool) string {
	if !bad {
		return track
	}
	b := []byte(track)
	b[len(b)-1] ^= 0x01
	return string(b)
}
