package shell

import (
	"context"
	"errors"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// Speaker is what the shell offers a flow for spoken guidance. The Shell
// implements it; flows reach it through the Speak, Echo and SpeechOn functions,
// which do nothing for a Host that does not speak (a test's fake host).
type Speaker interface {
	// Speak says u while speech mode is on and keeps it for the Repeat button:
	// a screen's purpose and next action, an error, a result.
	Speak(u speech.Utterance)
	// Echo says u while speech mode is on without keeping it: the answer to a
	// key press ("one character typed", a typed digit).
	Echo(u speech.Utterance)
	// SpeechOn reports whether speech mode is on.
	SpeechOn() bool
}

// Speak says u through h when h speaks. See Speaker.
func Speak(h Host, u speech.Utterance) {
	if s, ok := h.(Speaker); ok {
		s.Speak(u)
	}
}

// Echo echoes u through h when h speaks. See Speaker.
func Echo(h Host, u speech.Utterance) {
	if s, ok := h.(Speaker); ok {
		s.Echo(u)
	}
}

// SpeechOn reports whether h speaks and speech mode is on.
func SpeechOn(h Host) bool {
	s, ok := h.(Speaker)
	return ok && s.SpeechOn()
}

// AudioChecker is implemented by a speech engine that can tell whether an
// audio device is there (speech.Player). It is called from the status-polling
// goroutine.
type AudioChecker interface {
	Check(ctx context.Context) error
}

// sayTimeout bounds how long a screen waits for its prompt to start: a player
// program that hangs must not freeze the kiosk.
const sayTimeout = 2 * time.Second

var _ Speaker = (*Shell)(nil)

// SpeechOn implements Speaker.
func (s *Shell) SpeechOn() bool { return s.speechOn }

// Speak implements Speaker. A personal value is never kept or said with speech
// mode off.
func (s *Shell) Speak(u speech.Utterance) {
	if !s.speechOn {
		if !u.Personal() {
			s.lastSaid = u // so that switching speech on says the screen
		}
		return
	}
	s.lastSaid = u
	s.say(u)
}

// Echo implements Speaker. While a key of the on-screen keyboard is being
// delivered, the keyboard has announced it already (announceKey): a flow's
// echo of the same character or deletion would say it twice, and is dropped.
func (s *Shell) Echo(u speech.Utterance) {
	if s.keyAnnounced && keyEcho(u) {
		return
	}
	s.say(u)
}

// keyEcho reports whether u is what a flow says for one key: a character
// spelled, "one character typed" or "one character deleted".
func keyEcho(u speech.Utterance) bool {
	if len(u.Parts) != 1 {
		return false
	}
	p := u.Parts[0]
	return p.Key == speech.KeyTyped || p.Key == speech.KeyDeleted || (p.Key == "" && utf8.RuneCountInString(p.Spell) == 1)
}

// announceKey says a key of the on-screen keyboard as it is touched (see
// keyUtterance), and holds back the flow's echo of it until keyDone.
func (s *Shell) announceKey(p keyboard.Press) {
	s.keyAnnounced = p.Key != keyboard.KeyNext // the next field's label is the flow's to say
	if !s.speechOn {
		return
	}
	u := keyUtterance(p)
	if !s.warnedAloud && u.Personal() {
		// What the person types is heard by whoever stands near: the first
		// character said in a session comes after the warning, whichever
		// flow's field it is typed in.
		u.Parts = append(speech.Say(speech.KeyAloud).Parts, u.Parts...)
	}
	s.say(u)
}

// keyDone ends a key press: the person is still there.
func (s *Shell) keyDone() {
	s.keyAnnounced = false
	s.Touch()
}

// KeyUtterance is what a key press of the on-screen keyboard says in speech
// mode, the shell's own announcement, for a screen shown before the shell
// runs (kiosk/enrol's enrolment screen).
func KeyUtterance(p keyboard.Press) speech.Utterance { return keyUtterance(p) }

// keyUtterance is what a key press says: the character typed (a capital
// named so), "space", "one character deleted", "the box is empty", "box
// cleared", the shift state, "next box". In a secret field a character or a
// space is only "one character typed", and shift says nothing: which letters
// of a password are capitals is the password's too.
func keyUtterance(p keyboard.Press) speech.Utterance {
	switch p.Key {
	case keyboard.KeyShift:
		if p.Secret {
			return speech.Utterance{}
		}
		return speech.Say([...]string{"speech.key.small", "speech.key.shift", "speech.key.caps"}[p.Shift])
	case keyboard.KeyNext:
		return speech.Say("speech.key.next")
	case keyboard.KeyBackspace, keyboard.KeyClear:
		switch {
		case p.Empty:
			return speech.Say("speech.key.empty")
		case p.Key == keyboard.KeyClear:
			return speech.Say("speech.key.cleared")
		}
		return speech.Say(speech.KeyDeleted)
	case keyboard.KeySpace:
		if p.Secret {
			return speech.Typed()
		}
		return speech.Say("speech.key.space")
	}
	if p.Secret {
		return speech.Typed()
	}
	u := speech.Utterance{}
	if r, _ := utf8.DecodeRuneInString(p.Typed); unicode.IsUpper(r) {
		u = u.Then("speech.key.capital")
	}
	// What the person types is theirs: said as it is typed, never kept for
	// Repeat.
	return speech.Utterance{Parts: append(u.Parts, speech.Part{Spell: p.Typed, Personal: true})}
}

func (s *Shell) say(u speech.Utterance) {
	if !s.speechOn || s.muted || s.opts.Speech == nil || u.Empty() {
		return
	}
	if u.Lang == "" {
		u.Lang = s.lang
	}
	u.Volume = s.volume
	if slices.Contains(u.Keys(), speech.KeyAloud) {
		s.warnedAloud = true
	}
	ctx, cancel := context.WithTimeout(context.Background(), sayTimeout)
	defer cancel()
	if err := s.opts.Speech.Say(ctx, u); err != nil {
		// The error names prompt keys at most, never a spelled value.
		fyne.LogError("shell: speak", err)
	}
}

// speechAvailable reports whether the speech controls are offered: an engine
// is configured and its audio device was not found missing.
func (s *Shell) speechAvailable() bool {
	return s.opts.Speech != nil && (!s.status.haveAudio || s.status.audioOK)
}

// SetSpeech switches speech mode on or off. On, it says so and then what the
// screen says; off, it falls silent at once.
func (s *Shell) SetSpeech(on bool) {
	s.Touch()
	if !on {
		s.speechOn = false
		if s.opts.Speech != nil {
			s.opts.Speech.Stop()
		}
		s.quietRebuild()
		return
	}
	if !s.speechAvailable() {
		return
	}
	s.speechOn = true
	s.quietRebuild()
	u := s.lastSaid
	u.Parts = append(speech.Say("speech.on").Parts, u.Parts...)
	s.say(u)
}

// Repeat says the screen's last prompt again.
func (s *Shell) Repeat() {
	s.Touch()
	s.say(s.lastSaid)
}

// NextVolume steps the volume (back to the quietest after the loudest) and
// says "volume" at the new level.
func (s *Shell) NextVolume() {
	s.Touch()
	s.volume = s.volume.Next()
	s.quietRebuild()
	s.say(speech.Say("speech.volume"))
}

// quietRebuild redraws the screen for a change of the bar without saying the
// screen's prompt again.
func (s *Shell) quietRebuild() {
	s.muted = true
	defer func() { s.muted = false }()
	s.rebuild()
}

// stopSpeech ends speech mode with the session and forgets what was said.
func (s *Shell) stopSpeech() {
	if s.opts.Speech != nil && s.speechOn {
		s.opts.Speech.Stop()
	}
	s.speechOn, s.volume, s.lastSaid, s.warnedAloud = false, speech.DefaultVolume, speech.Utterance{}, false
}

// speechControls are the top bar's speech buttons: the switch, and while it is
// on, repeat and volume.
func (s *Shell) speechControls() []fyne.CanvasObject {
	if !s.speechAvailable() {
		return nil
	}
	toggle := rtl.NewButton(s.lang, i18n.T(s.lang, "a11y.speech"), func() { s.SetSpeech(!s.speechOn) })
	toggle.Icon = fynetheme.VolumeUpIcon()
	if !s.speechOn {
		toggle.Icon = fynetheme.VolumeMuteIcon()
		return []fyne.CanvasObject{toggle}
	}
	// On, it stays framed (a primary button would melt into the bar); the
	// loudspeaker icon and the repeat and volume buttons beside it show it is on.
	// Repeat and volume are icons with the least text, so that the bar still
	// fits 1280 px at the largest text size: "↻" and "🔊 3/4".
	repeat := rtl.NewButton(s.lang, "", s.Repeat)
	repeat.Icon = fynetheme.MediaReplayIcon()
	vol := rtl.NewButton(s.lang, i18n.Tf(s.lang, "a11y.speech.volume", int(s.volume), int(speech.MaxVolume)), s.NextVolume)
	vol.Icon = fynetheme.VolumeUpIcon()
	if s.th.Scale == theme.XLarge {
		// At the largest text size the English bar would pass 1280 px: the
		// volume button is its icon alone there (each step is heard).
		toggle.Label.SizeName = fynetheme.SizeNameCaptionText
		vol.Label.Text = ""
	}
	return []fyne.CanvasObject{toggle, repeat, vol}
}

// hearButton is the attract screen's "touch here to hear": speech on, then the
// language choice, said in both languages.
func (s *Shell) hearButton() *rtl.Button {
	if !s.speechAvailable() {
		return nil
	}
	b := rtl.NewButton(s.lang, i18n.T(i18n.AR, "a11y.speech.hear")+"  /  "+i18n.T(i18n.EN, "a11y.speech.hear"), func() {
		s.speechOn = true
		s.goLanguage()
	})
	b.Icon = fynetheme.VolumeUpIcon()
	b.Label.Bold = true
	return b
}

// Prompts of the shell's own screens.

func (s *Shell) speakAttract() {
	s.Speak(speech.Utterance{Parts: []speech.Part{
		{Key: "speech.attract", Lang: i18n.AR}, {Key: "speech.attract", Lang: i18n.EN}}})
}

// speakLanguage says where each language's button is, each in its own
// language: Arabic is on the right when the screen is laid out right to left.
func (s *Shell) speakLanguage() {
	ar, en := "speech.language.ar.left", "speech.language.en.right"
	if s.lang.RTL() {
		ar, en = "speech.language.ar.right", "speech.language.en.left"
	}
	s.Speak(speech.Utterance{Parts: []speech.Part{{Key: ar, Lang: i18n.AR}, {Key: en, Lang: i18n.EN}}})
}

// speakHome names the service tiles in reading order.
func (s *Shell) speakHome() {
	if len(s.enabled) == 0 {
		s.Speak(speech.Say("speech.home.none"))
		return
	}
	u := speech.Say("speech.home")
	for _, f := range s.opts.Flows {
		for _, id := range s.enabled {
			if id == f.ID() {
				u = u.Then(tileKey(s.lang, f))
			}
		}
	}
	s.Speak(u)
}

// tileKey is the spoken name of a flow's tile: "speech.tile.<id>", or the
// tile's caption (read as written) for a flow that has no spoken name yet.
func tileKey(l i18n.Lang, f Flow) string {
	if k := "speech.tile." + f.ID(); i18n.Default().Has(l, k) {
		return k
	}
	return f.TitleKey()
}

// audioState reads the engine's audio device for the status snapshot.
func (s *Shell) audioState(snap *snapshot) {
	c, ok := s.opts.Speech.(AudioChecker)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := c.Check(ctx)
	snap.haveAudio, snap.audioOK = true, err == nil
	if err != nil && !errors.Is(err, speech.ErrNoAudio) {
		fyne.LogError("shell: audio check", err)
	}
}
