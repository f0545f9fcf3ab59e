package shell

import (
	"context"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// noAudio is a speech engine whose audio device is missing.
type noAudio struct{ speechtest.Recorder }

func (*noAudio) Check(context.Context) error { return speech.ErrNoAudio }

func newSpeakingShell(t *testing.T, eng speech.Engine) (*Shell, fyne.Window, *fakeFlow) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1280, 800))
	reg := &fakeFlow{id: "register", enabled: true}
	s := New(w, Options{Flows: []Flow{reg}, StatusEvery: -1, Speech: eng, Staff: testGuard(t, nil, nil), Clock: &fakeClock{}})
	t.Cleanup(s.Stop)
	s.Start()
	return s, w, reg
}

func TestSpeechMode(t *testing.T) {
	rec := &speechtest.Recorder{}
	s, w, _ := newSpeakingShell(t, rec)
	if len(rec.Said()) != 0 {
		t.Fatalf("the attract screen spoke with speech off: %v", rec.Keys())
	}
	// "Touch here to hear": speech on, the language choice said in both languages.
	test.Tap(find(t, w.Canvas(), i18n.T(i18n.EN, "a11y.speech.hear")))
	last := rec.Last()
	if s.Screen() != ScreenLanguage || !s.SpeechOn() || len(last.Parts) != 2 || last.Parts[0].Lang != i18n.AR || last.Parts[1].Lang != i18n.EN {
		t.Fatalf("after touch here to hear: screen %s, speech %v, said %+v", s.Screen(), s.SpeechOn(), last)
	}
	test.Tap(find(t, w.Canvas(), "English"))
	if got := rec.Last(); !slices.Equal(got.Keys(), []string{"speech.home", "speech.tile.register"}) || got.Lang != i18n.EN {
		t.Errorf("home said %v in %s", got.Keys(), got.Lang)
	}
	// Repeat says it again; volume steps and says "volume" at the new level.
	n := len(rec.Said())
	repeat, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Icon == fynetheme.MediaReplayIcon() })
	if !ok {
		t.Fatal("no repeat button on the bar")
	}
	test.Tap(repeat)
	if len(rec.Said()) != n+1 || !slices.Equal(rec.Last().Keys(), []string{"speech.home", "speech.tile.register"}) {
		t.Errorf("repeat said %v", rec.Last().Keys())
	}
	test.Tap(find(t, w.Canvas(), i18n.Tf(i18n.EN, "a11y.speech.volume", int(speech.DefaultVolume), int(speech.MaxVolume))))
	if got := rec.Last(); got.Volume != speech.DefaultVolume.Next() || got.Keys()[0] != "speech.volume" {
		t.Errorf("volume said %+v", got)
	}
	find(t, w.Canvas(), i18n.Tf(i18n.EN, "a11y.speech.volume", int(speech.DefaultVolume.Next()), int(speech.MaxVolume)))
	// A bar change does not say the screen again.
	n = len(rec.Said())
	test.Tap(find(t, w.Canvas(), i18n.T(i18n.EN, "a11y.contrast")))
	if len(rec.Said()) != n {
		t.Errorf("high contrast said %v", rec.Keys()[n:])
	}
	// Off: silent at once, and the toggle turns it on again with the screen.
	test.Tap(find(t, w.Canvas(), i18n.T(i18n.EN, "a11y.speech")))
	if s.SpeechOn() || rec.Stops() == 0 {
		t.Fatalf("speech off: on %v, %d stops", s.SpeechOn(), rec.Stops())
	}
	test.Tap(find(t, w.Canvas(), i18n.T(i18n.EN, "a11y.speech")))
	if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.on", "speech.home", "speech.tile.register"}) {
		t.Errorf("speech on said %v", got)
	}
	// The session ends: silent, off, nothing of it left to repeat.
	stops := rec.Stops()
	s.Wipe()
	if s.SpeechOn() || rec.Stops() != stops+1 || !slices.Equal(s.lastSaid.Keys(), []string{"speech.attract", "speech.attract"}) || s.volume != speech.DefaultVolume {
		t.Errorf("after the session: speech %v, stops %d, last %v, volume %d", s.SpeechOn(), rec.Stops()-stops, s.lastSaid.Keys(), s.volume)
	}
}

func TestStaffPINIsNeverSpoken(t *testing.T) {
	rec := &speechtest.Recorder{}
	s, w, _ := newSpeakingShell(t, rec)
	s.SetSpeech(true)
	s.goHome()
	for range gestureTaps {
		test.TapCanvas(w.Canvas(), fyne.NewPos(5, 5))
	}
	if s.Screen() != ScreenStaffPIN || rec.Last().Keys()[0] != "speech.staff_signin" {
		t.Fatalf("screen %s said %v", s.Screen(), rec.Last().Keys())
	}
	typeDigits := func(digits string) {
		for _, d := range digits {
			key, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == string(d) })
			if !ok {
				t.Fatalf("no key %c", d)
			}
			test.Tap(key)
		}
	}
	typeDigits(testStaffID) // the ID field has the focus
	fields := screentest.All[*keyboard.Field](w.Canvas(), nil)
	test.Tap(fields[1]) // the PIN
	rec.Reset()
	typeDigits("1357") // a wrong PIN
	if len(rec.Said()) != 4 || rec.Spelled() != strings.Repeat("|", 4) {
		t.Fatalf("typing the PIN said %v, spelled %q", rec.Keys(), rec.Spelled())
	}
	for _, k := range rec.Keys() {
		if k != speech.KeyTyped {
			t.Errorf("a PIN key said %s", k)
		}
	}
	// A wrong PIN is said as an error (and the field's clearing as a deletion).
	test.Tap(find(t, w.Canvas(), i18n.T(s.Lang(), "staff.signin.enter")))
	if s.Screen() != ScreenStaffPIN || rec.Last().Keys()[0] != "speech.staff_signin.wrong" {
		t.Errorf("a wrong PIN: screen %s, said %v", s.Screen(), rec.Last().Keys())
	}
	if strings.ContainsAny(rec.Spelled(), "1357") {
		t.Errorf("the PIN was spelled: %q", rec.Spelled())
	}
}

func TestNoAudioDevice(t *testing.T) {
	s, w, _ := newSpeakingShell(t, &noAudio{})
	for _, key := range []string{"a11y.speech.hear", "a11y.speech"} {
		if _, ok := findButton(w.Canvas(), i18n.T(i18n.AR, key)); ok {
			t.Errorf("%s offered with no audio device", key)
		}
	}
	s.goStaff()
	mustShowLabel(t, w.Canvas(), i18n.Tf(i18n.AR, "a11y.speech.staff", i18n.T(i18n.AR, "a11y.speech.staff.none")))
}

func findButton(c fyne.Canvas, text string) (*rtl.Button, bool) {
	return screentest.Find(c, func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
}

// TestShellScreensHaveSpokenPrompts: every shell screen's prompt, and the
// spoken name of every service tile, exists in both languages.
func TestShellScreensHaveSpokenPrompts(t *testing.T) {
	keys := []string{"speech.attract", "speech.language.ar.right", "speech.language.ar.left", "speech.language.en.right",
		"speech.language.en.left", "speech.home", "speech.home.none", "speech.staff_signin", "speech.staff", "speech.idle",
		"speech.on", "speech.volume", speech.KeyTyped, speech.KeyDeleted, speech.KeyAloud,
		"speech.staff_signin.wrong", "speech.staff_signin.locked",
		"speech.key.space", "speech.key.capital", "speech.key.shift", "speech.key.caps", "speech.key.small",
		"speech.key.empty", "speech.key.cleared", "speech.key.next"}
	for _, id := range []string{"register", "activate", "mobile", "atm", "status", "verify"} {
		keys = append(keys, "speech.tile."+id)
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Default().Has(l, k) {
				t.Errorf("%s: no spoken prompt %s", l, k)
			}
		}
	}
}

// BenchmarkScreenToFirstSample measures, with pre-rendered prompts, the time
// from showing a screen (the home screen, rebuilt by a language switch) to its
// prompt's first samples reaching the player program (aplay, on ALSA's null
// device), and reports the 99th percentile. The bound is 300 ms.
func BenchmarkScreenToFirstSample(b *testing.B) {
	if _, err := exec.LookPath("aplay"); err != nil {
		b.Skip("aplay not installed")
	}
	if !(speech.Espeak{}).Available() {
		b.Skip("espeak-ng not installed")
	}
	prompts := &speech.Prompts{Dir: b.TempDir()}
	player := speech.NewPlayer(prompts, speech.Exec{Program: "aplay", ALSADevice: "null"})
	for _, l := range i18n.Langs { // pre-render what the home screen says
		for _, k := range []string{"speech.home", "speech.tile.register"} {
			if _, err := prompts.Clip(context.Background(), l, k); err != nil {
				b.Fatal(err)
			}
		}
	}
	test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1280, 800))
	s := New(w, Options{Flows: []Flow{&fakeFlow{id: "register", enabled: true}}, StatusEvery: -1, Speech: player})
	defer s.Stop()
	s.Start()
	s.SetSpeech(true)
	s.goHome()
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l := i18n.EN
		if i%2 == 1 {
			l = i18n.AR
		}
		start := time.Now()
		s.SetLang(l) // rebuilds and says the home screen; returns once its first samples are played
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	player.Stop()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	p99 := times[min(len(times)-1, len(times)*99/100)]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkKeyToFirstSample measures, with the characters pre-rendered (as
// Warm does), the time from touching a key of the on-screen keyboard to the
// first samples of its announcement reaching the player program (aplay, on
// ALSA's null device), Arabic letters and digits alike, and reports the 99th
// percentile.
func BenchmarkKeyToFirstSample(b *testing.B) {
	if _, err := exec.LookPath("aplay"); err != nil {
		b.Skip("aplay not installed")
	}
	if !(speech.Espeak{}).Available() {
		b.Skip("espeak-ng not installed")
	}
	prompts := &speech.Prompts{Dir: b.TempDir()}
	keys := []string{"ب", "س", "م", "1", "7", keyboard.KeySpace}
	for _, k := range []string{"speech.key.space"} {
		if _, err := prompts.Clip(context.Background(), i18n.AR, k); err != nil {
			b.Fatal(err)
		}
	}
	for _, k := range keys[:5] {
		if _, _, err := prompts.Char(context.Background(), i18n.AR, []rune(k)[0]); err != nil {
			b.Fatal(err)
		}
	}
	player := speech.NewPlayer(prompts, speech.Exec{Program: "aplay", ALSADevice: "null"})
	test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	w.Resize(fyne.NewSize(1280, 800))
	reg := &fakeFlow{id: "register", enabled: true, kind: keyboard.Arabic}
	s := New(w, Options{Flows: []Flow{reg}, StatusEvery: -1, Speech: player, Lang: i18n.AR})
	defer s.Stop()
	s.Start()
	s.SetSpeech(true)
	s.startFlow(reg)
	test.Tap(reg.field)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := keys[i%len(keys)]
		if k == "1" || k == "7" {
			s.kb.SetKind(keyboard.Numeric)
		} else {
			s.kb.SetKind(keyboard.Arabic)
		}
		key := s.kb.Key(k)
		start := time.Now()
		test.Tap(key) // says the key; returns once its first samples are played
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	player.Stop()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[min(len(times)-1, len(times)*99/100)].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}

// TestBarFitsWithSpeechOn: with the speech buttons added, the top bar still
// fits a 1280 px kiosk screen at every text size, in both languages.
func TestBarFitsWithSpeechOn(t *testing.T) {
	s, _, _ := newSpeakingShell(t, &speechtest.Recorder{})
	for _, l := range i18n.Langs {
		for _, scale := range theme.Scales {
			s.SetLang(l)
			s.SetSpeech(true)
			s.SetTheme(theme.Options{Scale: scale})
			s.startFlow(s.opts.Flows[0])
			for _, compact := range []bool{false, true} {
				if w := s.topBar(ScreenFlow, compact).MinSize().Width; w > 1280 {
					t.Errorf("%s, text %v, compact %v: the bar needs %v px", l, scale, compact, w)
				}
			}
			s.Wipe()
		}
	}
}

// TestAttractFitsWithHearButton: "touch here to hear" keeps the attract screen
// within a 1280×800 kiosk screen at every text size.
func TestAttractFitsWithHearButton(t *testing.T) {
	s, w, _ := newSpeakingShell(t, &speechtest.Recorder{})
	for _, scale := range theme.Scales {
		s.SetTheme(theme.Options{Scale: scale})
		s.goAttract()
		if m := w.Content().MinSize(); m.Height > 800 || m.Width > 1280 {
			t.Errorf("text %v: the attract screen needs %v", scale, m)
		}
	}
}

// TestSpeechScreens keeps goldens of the speech controls: the attract screen's
// "touch here to hear", and the bar with speech on (switch, repeat, volume) in
// both languages.
func TestSpeechScreens(t *testing.T) {
	s, w, _ := newSpeakingShell(t, &speechtest.Recorder{})
	assertScreen(t, "speech_attract", w.Canvas())
	s.SetSpeech(true)
	for _, l := range i18n.Langs {
		s.lang = l
		s.goHome()
		assertScreen(t, "speech_home_"+string(l), w.Canvas())
	}
}

// TestKeysAreAnnouncedOnce: with speech on, each key of the on-screen keyboard
// is said as it is touched — the character, "space", a deletion, the shift
// state — once, even when the flow echoes its field's change too; in a secret
// field only "one character typed".
func TestKeysAreAnnouncedOnce(t *testing.T) {
	tests := []struct {
		name   string
		secret bool
		keys   []string
		want   []string // per key: its prompt key, or "=" and what is spelled
	}{
		// The session's first character said comes after the warning that
		// what is typed is heard aloud.
		{"when letters, a capital and a space are typed, each is said", false,
			[]string{keyboard.KeyShift, "a", "b", keyboard.KeySpace, "@"},
			[]string{"speech.key.shift", "speech.aloud speech.key.capital =A", "=b", "speech.key.space", "=@"}},
		{"when shift is locked and unlocked, its state is said", false,
			[]string{keyboard.KeyShift, keyboard.KeyShift, keyboard.KeyShift},
			[]string{"speech.key.shift", "speech.key.caps", "speech.key.small"}},
		{"when a character is deleted and the box is cleared, each is said, and an empty box is said empty", false,
			[]string{"a", "b", keyboard.KeyBackspace, keyboard.KeyClear, keyboard.KeyBackspace, keyboard.KeyClear},
			[]string{"speech.aloud =a", "=b", speech.KeyDeleted, "speech.key.cleared", "speech.key.empty", "speech.key.empty"}},
		{"when a secret is typed, each key is only one character typed, and shift says nothing", true,
			[]string{"p", keyboard.KeyShift, "w", keyboard.KeySpace, keyboard.KeyBackspace},
			[]string{speech.KeyTyped, speech.KeyTyped, speech.KeyTyped, speech.KeyDeleted}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &speechtest.Recorder{}
			s, w, reg := newSpeakingShell(t, rec)
			reg.kind = keyboard.Latin
			s.SetSpeech(true)
			s.goHome()
			test.Tap(find(t, w.Canvas(), i18n.T(s.Lang(), "service.register")))
			reg.field.Password = tt.secret
			// A flow that still echoes each change, as flows did before the
			// keyboard said its keys: it must not be heard a second time.
			before := ""
			reg.field.OnChanged = func(now string) {
				switch {
				case len(now) < len(before):
					Echo(s, speech.Say(speech.KeyDeleted))
				case tt.secret:
					Echo(s, speech.Typed())
				default:
					Echo(s, speech.Spell(now[len(before):]))
				}
				before = now
			}
			test.Tap(reg.field)
			rec.Reset()
			for _, k := range tt.keys {
				test.Tap(s.Keyboard().Key(k))
			}
			var got []string
			for _, u := range rec.Said() {
				var words []string
				for _, p := range u.Parts {
					if p.Spell != "" {
						words = append(words, "="+p.Spell)
					} else {
						words = append(words, p.Key)
					}
				}
				got = append(got, strings.Join(words, " "))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("keys said %q, want %q", got, tt.want)
			}
			if tt.secret && strings.ContainsAny(rec.Spelled(), "pPwW") {
				t.Errorf("the secret was spelled: %q", rec.Spelled())
			}
		})
	}
}

// TestKeysAreSilentWithSpeechOff: the keyboard says nothing with speech off.
func TestKeysAreSilentWithSpeechOff(t *testing.T) {
	rec := &speechtest.Recorder{}
	s, w, reg := newSpeakingShell(t, rec)
	s.goHome()
	test.Tap(find(t, w.Canvas(), i18n.T(s.Lang(), "service.register")))
	test.Tap(reg.field)
	test.Tap(s.Keyboard().Key("1"))
	test.Tap(s.Keyboard().Key(keyboard.KeyBackspace))
	if len(rec.Said()) != 0 {
		t.Errorf("speech off, keys said %v", rec.Keys())
	}
}

// TestTypedCharactersWarnOncePerSession: the first character said in a session
// comes after the warning that it is heard aloud — unless the session has
// heard the warning already — and a new session is warned again.
func TestTypedCharactersWarnOncePerSession(t *testing.T) {
	rec := &speechtest.Recorder{}
	s, w, reg := newSpeakingShell(t, rec)
	aloud := func() bool { return slices.Contains(rec.Last().Keys(), speech.KeyAloud) }
	start := func() {
		s.SetSpeech(true)
		s.goHome()
		test.Tap(find(t, w.Canvas(), i18n.T(s.Lang(), "service.register")))
		test.Tap(reg.field)
	}
	start()
	test.Tap(s.Keyboard().Key("1"))
	if !aloud() {
		t.Errorf("the first key said %v, without the warning", rec.Last().Keys())
	}
	test.Tap(s.Keyboard().Key("2"))
	if aloud() {
		t.Error("the second key warned again")
	}
	s.Wipe()
	start()
	Speak(s, speech.Say("speech.home").ThenPersonal("0500000000")) // a flow warned
	test.Tap(s.Keyboard().Key("3"))
	if aloud() {
		t.Error("warned at the first key after a flow's warning")
	}
	s.Wipe()
	start()
	test.Tap(s.Keyboard().Key("4"))
	if !aloud() {
		t.Error("a new session was not warned")
	}
}
