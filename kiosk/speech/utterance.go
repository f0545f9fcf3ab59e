package speech

import (
	"context"
	"errors"

	"github.com/bawaba/bawaba/i18n"
)

// Engine says utterances. Say replaces whatever is being said; Stop silences it.
// Implementations must be safe for concurrent use.
type Engine interface {
	// Say starts saying u and returns once its first sample has been handed to
	// the audio device (or with the error that prevented it); the rest plays on
	// in the background until it ends, Stop is called or another Say replaces it.
	Say(ctx context.Context, u Utterance) error
	// Stop silences the engine at once.
	Stop()
}

// Errors callers act on.
var (
	// ErrNoAudio is returned when no audio device can play: the kiosk works on
	// silently and the staff screen says so.
	ErrNoAudio = errors.New("speech: no audio device")
	// ErrNoVoice is returned when a prompt has neither a recorded voice file nor a
	// cached rendering and espeak-ng is not installed to render it.
	ErrNoVoice = errors.New("speech: no voice to render the prompt")
	// ErrFormat is returned for a WAV file that is not mono 16-bit PCM.
	ErrFormat = errors.New("speech: unsupported audio format")
	// ErrUnknownPrompt is returned for a key the catalogue does not have.
	ErrUnknownPrompt = errors.New("speech: unknown prompt")
)

// Volume is a loudness step, 1 (quiet) to MaxVolume; zero means DefaultVolume.
type Volume int

// The volume steps a person cycles through with the volume button.
const (
	MaxVolume     Volume = 4
	DefaultVolume Volume = 3
)

// gain is the sample factor of a step: roughly equal steps of loudness, which the
// ear hears logarithmically (about -6 dB each).
func (v Volume) gain() float64 {
	switch {
	case v <= 0:
		v = DefaultVolume
	case v > MaxVolume:
		v = MaxVolume
	}
	return [...]float64{0, 0.18, 0.35, 0.6, 1}[v]
}

// Next is the step after v, back to 1 after MaxVolume.
func (v Volume) Next() Volume {
	if v <= 0 {
		v = DefaultVolume
	}
	return v%MaxVolume + 1
}

// Part is one piece of an utterance: a fixed prompt named by its catalogue key,
// or characters said one by one. Never put a secret (password, PIN, a code the
// person typed) in Spell: for a typed secret character say Typed.
type Part struct {
	// Key is a catalogue key, normally "speech.…" (its text carries the Arabic
	// diacritics espeak-ng needs); any other key is read as written.
	Key string
	// Spell is said character by character: references, masked numbers, counts.
	Spell string
	// Text is read as written: a text that has no prompt, such as the terms the
	// central service sends. Never the person's input.
	Text string
	// Slow puts a long pause between spelled characters (the visual code).
	Slow bool
	// Personal marks Spell as the person's own data (ID number, mobile): said
	// only while speech mode is on, after the warning that it is heard aloud.
	Personal bool
	// Lang, when set, overrides the utterance's language for this part (the
	// language screen speaks both).
	Lang i18n.Lang
}

// Utterance is what a screen says: parts said in order, in Lang, at Volume.
type Utterance struct {
	Lang   i18n.Lang
	Volume Volume
	Parts  []Part
}

// KeyAloud is the warning said before a personal value.
const KeyAloud = "speech.aloud"

// KeyTyped is said for each character typed into a secret field.
const KeyTyped = "speech.typed"

// KeyDeleted is said when a character is deleted from a field.
const KeyDeleted = "speech.deleted"

// Say is an utterance of the fixed prompts keys.
func Say(keys ...string) Utterance { return Utterance{}.Then(keys...) }

// Spell is an utterance of s said character by character.
func Spell(s string) Utterance { return Utterance{}.ThenSpell(s) }

// Typed is said for a character typed into a secret field: never the character.
func Typed() Utterance { return Say(KeyTyped) }

// Then adds fixed prompts.
func (u Utterance) Then(keys ...string) Utterance {
	for _, k := range keys {
		if k != "" {
			u.Parts = append(u.Parts, Part{Key: k})
		}
	}
	return u
}

// ThenSpell adds s, said character by character.
func (u Utterance) ThenSpell(s string) Utterance {
	if s != "" {
		u.Parts = append(u.Parts, Part{Spell: s})
	}
	return u
}

// ThenSlow adds s, said character by character with long pauses.
func (u Utterance) ThenSlow(s string) Utterance {
	if s != "" {
		u.Parts = append(u.Parts, Part{Spell: s, Slow: true})
	}
	return u
}

// ThenPersonal adds the warning that what follows is heard aloud, then s spelled.
func (u Utterance) ThenPersonal(s string) Utterance {
	if s != "" {
		u.Parts = append(u.Parts, Part{Key: KeyAloud}, Part{Spell: s, Personal: true})
	}
	return u
}

// In returns u with every part said in l.
func (u Utterance) In(l i18n.Lang) Utterance {
	for i := range u.Parts {
		u.Parts[i].Lang = l
	}
	return u
}

// ThenText adds a text read as written (see Part.Text).
func (u Utterance) ThenText(text string) Utterance {
	if text != "" {
		u.Parts = append(u.Parts, Part{Text: text})
	}
	return u
}

// Empty reports whether u says nothing.
func (u Utterance) Empty() bool { return len(u.Parts) == 0 }

// Personal reports whether u holds a personal value.
func (u Utterance) Personal() bool {
	for _, p := range u.Parts {
		if p.Personal {
			return true
		}
	}
	return false
}

// Keys lists the catalogue keys u says, in order.
func (u Utterance) Keys() []string {
	var ks []string
	for _, p := range u.Parts {
		if p.Key != "" {
			ks = append(ks, p.Key)
		}
	}
	return ks
}
