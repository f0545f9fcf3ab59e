package speech_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/hear"
	"github.com/bawaba/bawaba/sync/outbox/ref"
)

// TestSpelledCharactersAreHeard renders spelled digits and a receipt
// reference in English exactly as the kiosk plays them (espeak-ng, the
// kiosk's rate and pauses) and has pocketsphinx hear them with a grammar of
// the characters expected: at least minHeard of them must be heard right,
// with no more than maxExtra heard that were never said. Skipped without
// pocketsphinx (or espeak-ng, sox); BAWABA_REQUIRE_SPEECH=1 (make test, after
// scripts/setup.sh has installed them) makes it required. Arabic cannot be
// measured: Debian has no Arabic model (see kiosk/speech/hear).
func TestSpelledCharactersAreHeard(t *testing.T) {
	if err := (hear.Listener{}).Check(); errors.Is(err, hear.ErrNoListener) || !(speech.Espeak{}).Available() {
		if os.Getenv("BAWABA_REQUIRE_SPEECH") == "1" {
			t.Fatalf("no recogniser or voice (scripts/setup.sh installs pocketsphinx, pocketsphinx-en-us, espeak-ng and sox): %v", err)
		}
		t.Skipf("no recogniser or voice: %v", err)
	}
	// A reference ref.New made: digits and letters, one of them (T) of the
	// E-set (B, D, E, G, P, T, V) that listeners and recognisers confuse most.
	const reference = "J2H37R4T76"
	if !ref.Valid(reference) {
		t.Fatalf("%s is not a valid reference", reference)
	}
	for _, c := range []struct {
		name     string
		u        speech.Utterance
		spelled  string
		alphabet string
		minHeard float64
		maxExtra int
	}{
		// Measured with Debian 12's espeak-ng 1.51 and pocketsphinx 0.8: the
		// digits 10 of 10, slowly 9 of 10 ("seven" heard "one": the US model
		// and the British voice), the reference 10 of 10.
		{"digits", speech.Spell("0123456789"), "0123456789", "0123456789", 0.9, 1},
		{"digits, slow (as the visual code)", speech.Utterance{}.ThenSlow("0123456789"), "0123456789", "0123456789", 0.8, 1},
		{"a reference, slow (as a done screen)", speech.Utterance{}.ThenSlow(reference), reference, ref.Alphabet, 0.8, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := speech.NewPlayer(&speech.Prompts{}, nil)
			c.u.Lang = i18n.EN
			pcm, err := p.Render(context.Background(), c.u)
			if err != nil {
				t.Fatal(err)
			}
			heard, err := hear.Listener{}.Hear(context.Background(), []hear.Clip{{ID: "c", Audio: pcm}}, hear.CharGrammar(c.alphabet))
			if err != nil {
				t.Fatal(err)
			}
			s := hear.CharErrors(c.spelled, heard["c"])
			right := float64(s.Right) / float64(s.Spelled)
			t.Logf("%s heard %q: %d of %d right, %d extra", c.spelled, heard["c"], s.Right, s.Spelled, s.Extra)
			if right < c.minHeard || s.Extra > c.maxExtra {
				t.Errorf("%s heard %q: %.0f%% right (want at least %.0f%%), %d extra (at most %d)",
					c.spelled, heard["c"], 100*right, 100*c.minHeard, s.Extra, c.maxExtra)
			}
		})
	}
}
