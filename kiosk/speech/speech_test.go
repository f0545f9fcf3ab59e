package speech

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bawaba/bawaba/i18n"
)

// toneRate is the tone renderer's sample rate; gap(ms) is a pause in its samples.
const toneRate = 8000

func gap(ms int) int { return toneRate * ms / 1000 }

// toneRenderer renders every text as a clip of len(text) samples of one
// value, so tests can see which clips were joined, and counts its calls.
type toneRenderer struct {
	mu    sync.Mutex
	calls int
}

func (r *toneRenderer) Render(_ context.Context, _ i18n.Lang, text string) (PCM, error) {
	r.mu.Lock()
	r.calls++
	r.mu.Unlock()
	s := make([]int16, len([]rune(text)))
	for i := range s {
		s[i] = 10000
	}
	return PCM{Rate: toneRate, Samples: s}, nil
}

func (r *toneRenderer) Calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls
}

// memDevice keeps what was played.
type memDevice struct {
	mu     sync.Mutex
	played [][]byte
	block  chan struct{} // when set, writes after the first wait for it
	err    error
}

func (d *memDevice) Open(ctx context.Context, rate int) (io.WriteCloser, error) {
	if d.err != nil {
		return nil, d.err
	}
	d.mu.Lock()
	d.played = append(d.played, nil)
	i := len(d.played) - 1
	d.mu.Unlock()
	return &memStream{d: d, i: i, ctx: ctx}, nil
}

func (d *memDevice) Check(context.Context) error { return d.err }

func (d *memDevice) streams() [][]byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([][]byte(nil), d.played...)
}

type memStream struct {
	d      *memDevice
	i      int
	ctx    context.Context
	writes int
}

func (s *memStream) Write(b []byte) (int, error) {
	s.writes++
	if s.writes > 1 && s.d.block != nil {
		select {
		case <-s.d.block:
		case <-s.ctx.Done():
			return 0, s.ctx.Err()
		}
	}
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	s.d.played[s.i] = append(s.d.played[s.i], b...)
	return len(b), nil
}

func (s *memStream) Close() error { return nil }

func testCatalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	return i18n.Default()
}

func TestPlayerJoinsClipsWithPauses(t *testing.T) {
	r := &toneRenderer{}
	dev := &memDevice{}
	p := NewPlayer(&Prompts{Renderer: r, Catalog: testCatalog(t)}, dev)
	tests := []struct {
		name string
		u    Utterance
		want int // samples
	}{
		{"one prompt", Say(KeyTyped), len([]rune(i18n.T(i18n.EN, KeyTyped)))},
		{"two spelled characters and a pause", Spell("A7"), 1 + gap(charGap) + 1},
		{"slow spelling", Utterance{}.ThenSlow("AB"), 1 + gap(slowCharGap) + 1},
		{"a run of hidden digits is said once", Spell("0••1"), 1 + gap(charGap) + len(i18n.T(i18n.EN, "speech.char.hidden")) + gap(charGap) + 1},
		{"a prompt then a spelled value", Say("speech.register.done").ThenSpell("R"), len([]rune(i18n.T(i18n.EN, "speech.register.done"))) + gap(partGap) + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.u.Lang = i18n.EN
			if err := p.Say(context.Background(), tt.u); err != nil {
				t.Fatal(err)
			}
			p.wait()
			st := dev.streams()
			if got := len(st[len(st)-1]) / 2; got != tt.want {
				t.Errorf("played %d samples, want %d", got, tt.want)
			}
			// Render, what kiosk/speech/hear measures, is what was played.
			pcm, err := p.Render(context.Background(), tt.u)
			if err != nil {
				t.Fatal(err)
			}
			if pcm.Rate != toneRate || !bytes.Equal(pcm.raw(), st[len(st)-1]) {
				t.Errorf("Render gave %d samples at %d Hz, unlike the %d played", len(pcm.Samples), pcm.Rate, len(st[len(st)-1])/2)
			}
		})
	}
}

func TestVolumeScalesSamples(t *testing.T) {
	for v := Volume(1); v <= MaxVolume; v++ {
		dev := &memDevice{}
		p := NewPlayer(&Prompts{Renderer: &toneRenderer{}, Catalog: testCatalog(t)}, dev)
		if err := p.Say(context.Background(), Utterance{Lang: i18n.EN, Volume: v, Parts: []Part{{Spell: "A"}, {Key: KeyTyped}}}); err != nil {
			t.Fatal(err)
		}
		p.wait()
		b := dev.streams()[0]
		first, last := int16(uint16(b[0])|uint16(b[1])<<8), int16(uint16(b[len(b)-2])|uint16(b[len(b)-1])<<8)
		if want := int16(10000 * v.gain()); first != want || last != want {
			t.Errorf("volume %d: samples %d (first part) and %d (last), want %d", v, first, last, want)
		}
		if v > 1 && v.gain() <= (v-1).gain() {
			t.Errorf("volume %d is not louder than %d", v, v-1)
		}
	}
	if Volume(MaxVolume).Next() != 1 || Volume(0).Next() != DefaultVolume+1 {
		t.Error("volume steps do not cycle")
	}
}

func TestSayCutsOffThePreviousUtterance(t *testing.T) {
	dev := &memDevice{block: make(chan struct{})}
	p := NewPlayer(&Prompts{Renderer: &toneRenderer{}, Catalog: testCatalog(t)}, dev)
	long := Utterance{Lang: i18n.EN, Parts: []Part{{Spell: strings.Repeat("A", 2000)}, {Key: KeyTyped}}}
	if err := p.Say(context.Background(), long); err != nil {
		t.Fatal(err)
	}
	if err := p.Say(context.Background(), Say(KeyTyped).In(i18n.EN)); err != nil {
		t.Fatal(err)
	}
	close(dev.block)
	p.Stop()
	st := dev.streams()
	if len(st) != 2 || len(st[0]) != 2*firstChunk {
		t.Fatalf("the first utterance played %d bytes, want only its first chunk (%d)", len(st[0]), 2*firstChunk)
	}
}

func TestNoAudioDevice(t *testing.T) {
	dev := &memDevice{err: ErrNoAudio}
	p := NewPlayer(&Prompts{Renderer: &toneRenderer{}, Catalog: testCatalog(t)}, dev)
	if err := p.Say(context.Background(), Say(KeyTyped).In(i18n.AR)); !errors.Is(err, ErrNoAudio) {
		t.Errorf("Say = %v, want ErrNoAudio", err)
	}
	if err := p.Check(context.Background()); !errors.Is(err, ErrNoAudio) {
		t.Errorf("Check = %v, want ErrNoAudio", err)
	}
	if err := p.Say(context.Background(), Say("no.such.key").In(i18n.AR)); !errors.Is(err, ErrUnknownPrompt) {
		t.Errorf("unknown key: %v, want ErrUnknownPrompt", err)
	}
}

func TestPromptsPreferVoiceFilesThenCache(t *testing.T) {
	dir := t.TempDir()
	recorded := PCM{Rate: toneRate, Samples: []int16{1, 2, 3}}
	if err := writeAtomic(filepath.Join(dir, "voice", "ar", KeyTyped+".wav"), recorded.WAV()); err != nil {
		t.Fatal(err)
	}
	r := &toneRenderer{}
	p := &Prompts{Renderer: r, Dir: dir}
	got, err := p.Clip(context.Background(), i18n.AR, KeyTyped)
	if err != nil || len(got.Samples) != 3 {
		t.Fatalf("recorded voice: %v, %d samples", err, len(got.Samples))
	}
	if _, err := p.Clip(context.Background(), i18n.EN, KeyTyped); err != nil || r.Calls() != 1 {
		t.Fatalf("render: %v, %d renderings", err, r.Calls())
	}
	// A new Prompts on the same directory finds the rendering in the cache.
	again := &Prompts{Renderer: r, Dir: dir}
	if _, err := again.Clip(context.Background(), i18n.EN, KeyTyped); err != nil || r.Calls() != 1 {
		t.Fatalf("cache: %v, %d renderings, want 1", err, r.Calls())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cache", "*.wav"))
	if len(files) != 1 {
		t.Errorf("cache holds %d files, want 1", len(files))
	}
}

func TestParseWAV(t *testing.T) {
	good := PCM{Rate: 22050, Samples: []int16{0, 1, -1, 32767, -32768}}
	streamed := good.WAV()
	// espeak-ng --stdout: the lengths are unknown, written as 0x7ffff000.
	copy(streamed[40:], []byte{0x00, 0xf0, 0xff, 0x7f})
	stereo := good.WAV()
	stereo[22] = 2
	tests := []struct {
		name    string
		in      []byte
		samples int
		err     error
	}{
		{"exact lengths", good.WAV(), 5, nil},
		{"streamed lengths", streamed, 5, nil},
		{"odd trailing byte", append(good.WAV(), 9), 5, nil},
		{"stereo", stereo, 0, ErrFormat},
		{"not RIFF", []byte("OggS...."), 0, ErrFormat},
		{"no data", good.WAV()[:36], 0, ErrFormat},
		{"empty", nil, 0, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseWAV(tt.in)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil && (len(p.Samples) != tt.samples || p.Rate != 22050) {
				t.Errorf("%d samples at %d Hz", len(p.Samples), p.Rate)
			}
		})
	}
	p, _ := ParseWAV(good.WAV())
	if !bytes.Equal(p.WAV(), good.WAV()) {
		t.Error("WAV does not round-trip")
	}
}

func FuzzParseWAV(f *testing.F) {
	f.Add(PCM{Rate: 22050, Samples: []int16{1, 2, 3}}.WAV())
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVEdata\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseWAV(b)
		if err != nil {
			return
		}
		q, err := ParseWAV(p.WAV())
		if err != nil || len(q.Samples) != len(p.Samples) || q.Rate != p.Rate {
			t.Fatalf("re-encoded clip does not parse back: %v", err)
		}
	})
}

func TestUtteranceNeverMarksPlainPartsPersonal(t *testing.T) {
	u := Say("speech.register.review.id").ThenPersonal("1000000001")
	if !u.Personal() || u.Parts[1].Key != KeyAloud || !u.Parts[2].Personal {
		t.Errorf("ThenPersonal = %+v, want the warning then the value", u.Parts)
	}
	if Spell("REF").Personal() || Typed().Personal() {
		t.Error("a reference or a typed mark is not personal")
	}
}

// slowRenderer renders its first text at once and the others only when let.
type slowRenderer struct {
	toneRenderer
	let chan struct{}
}

func (r *slowRenderer) Render(ctx context.Context, l i18n.Lang, text string) (PCM, error) {
	if r.Calls() > 0 {
		select {
		case <-r.let:
		case <-ctx.Done():
			return PCM{}, ctx.Err()
		}
	}
	return r.toneRenderer.Render(ctx, l, text)
}

// TestFirstPartPlaysBeforeTheRestIsRendered: Say returns as soon as the first
// part is playing; a later text is rendered meanwhile and follows it.
func TestFirstPartPlaysBeforeTheRestIsRendered(t *testing.T) {
	r := &slowRenderer{let: make(chan struct{})}
	dev := &memDevice{}
	p := NewPlayer(&Prompts{Renderer: r, Catalog: testCatalog(t)}, dev)
	u := Say(KeyTyped).ThenText("the terms, which take long to render").In(i18n.EN)
	if err := p.Say(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if got := len(dev.streams()[0]) / 2; got != len([]rune(i18n.T(i18n.EN, KeyTyped))) {
		t.Errorf("before the text is rendered, %d samples played", got)
	}
	close(r.let)
	p.wait()
	want := len([]rune(i18n.T(i18n.EN, KeyTyped))) + gap(partGap) + len("the terms, which take long to render")
	if got := len(dev.streams()[0]) / 2; got != want {
		t.Errorf("played %d samples, want %d", got, want)
	}
}

func TestPrepareArabic(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"a doubled yeh is written twice", "الْهُوِيَّةِ", "الْهُوِيْيَةِ"},
		{"a doubled waw is written twice", "أَوَّلًا", "أَوْوَلًا"},
		{"the vowel before the shadda is kept", "أَيِّ", "أَيْيِ"},
		{"another doubled letter keeps its one letter, the shadda put before its vowel",
			"\u0627\u0644\u0634\u064e\u0651\u0627\u0634\u064e\u0629\u0650", "\u0627\u0644\u0634\u0651\u064e\u0627\u0634\u064e\u0629\u0650"},
		{"a shadda before its vowel is left alone", "\u0645\u0651\u064e", "\u0645\u0651\u064e"},
		{"a tanween before a shadda is put after it", "\u0646\u064c\u0651", "\u0646\u0651\u064c"},
		{"a plain waw is left alone", "وَ", "وَ"},
		{"English is left alone", "Step 1", "Step 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := prepareArabic(tt.in); got != tt.want {
				t.Errorf("prepareArabic(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
