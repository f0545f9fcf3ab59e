package speech

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"github.com/bawaba/bawaba/i18n"
)

// KeyPrefix starts every spoken prompt's catalogue key.
const KeyPrefix = "speech."

// Prompts finds the audio of fixed prompts and single characters: a recorded
// voice file when one is installed, else a clip rendered earlier and kept in the
// cache directory, else a fresh rendering (stored for next time). Single
// characters are kept in memory once loaded; prompts are read from the cache
// each time (about a millisecond): the whole set in memory would be tens of MB. Only catalogue texts and single characters are
// ever rendered or cached, so the cache holds nothing personal.
type Prompts struct {
	// Catalog holds the prompt texts; nil means i18n.Default().
	Catalog *i18n.Catalog
	// Renderer renders what has no file; nil means Espeak{}.
	Renderer Renderer
	// Dir holds recorded voice files (Dir/voice/<lang>/<key>.wav, mono 16-bit
	// PCM) and the render cache (Dir/cache); empty keeps renderings in memory only.
	Dir string

	mu  sync.Mutex
	mem map[string]PCM
}

func (p *Prompts) catalog() *i18n.Catalog {
	if p.Catalog != nil {
		return p.Catalog
	}
	return i18n.Default()
}

func (p *Prompts) renderer() Renderer {
	if p.Renderer != nil {
		return p.Renderer
	}
	return Espeak{}
}

// Clip returns the audio of the prompt key in lang.
func (p *Prompts) Clip(ctx context.Context, lang i18n.Lang, key string) (PCM, error) {
	if !p.catalog().Has(lang, key) {
		return PCM{}, fmt.Errorf("%w: %s/%s", ErrUnknownPrompt, lang, key)
	}
	if p.Dir != "" {
		b, err := os.ReadFile(filepath.Join(p.Dir, "voice", string(lang), key+".wav"))
		switch {
		case err == nil:
			pcm, err := ParseWAV(b)
			if err != nil {
				return PCM{}, fmt.Errorf("speech: voice file %s/%s: %w", lang, key, err)
			}
			return pcm, nil
		case !errors.Is(err, fs.ErrNotExist):
			return PCM{}, fmt.Errorf("speech: voice file %s/%s: %w", lang, key, err)
		}
	}
	pcm, err := p.text(ctx, lang, p.catalog().T(lang, key))
	if err != nil {
		return PCM{}, fmt.Errorf("speech: prompt %s/%s: %w", lang, key, err)
	}
	return pcm, nil
}

// charKeys are the prompts of characters espeak-ng would not name well alone.
var charKeys = map[rune]string{
	'•': "speech.char.hidden", '*': "speech.char.hidden",
	'+': "speech.char.plus", '@': "speech.char.at", '.': "speech.char.dot",
	'-': "speech.char.dash", '_': "speech.char.underscore",
	// The letter keyboard's symbols, which espeak-ng says nothing for in
	// Arabic (or in English, for "?").
	'!': "speech.char.exclamation", '#': "speech.char.hash", '$': "speech.char.dollar",
	'%': "speech.char.percent", '&': "speech.char.and", '=': "speech.char.equals",
	'?': "speech.char.question", '/': "speech.char.slash",
}

// Char returns the audio of one character in lang: a digit or letter by its
// name, a few symbols by their prompt. ok is false for a space (a pause).
func (p *Prompts) Char(ctx context.Context, lang i18n.Lang, r rune) (pcm PCM, ok bool, err error) {
	if unicode.IsSpace(r) {
		return PCM{}, false, nil
	}
	if k, ok := charKeys[r]; ok {
		pcm, err := p.Clip(ctx, lang, k)
		return pcm, true, err
	}
	if unicode.IsLetter(r) {
		r = unicode.ToUpper(r) // a letter's name, not a word "a"
	}
	pcm, err = p.text(ctx, lang, string(r))
	if err != nil {
		return PCM{}, false, fmt.Errorf("speech: character: %w", err)
	}
	return pcm, true, nil
}

// cacheID names a rendering: the renderer's settings and the text.
func (p *Prompts) cacheID(lang i18n.Lang, text string) string {
	voice := string(lang)
	if e, ok := p.renderer().(Espeak); ok {
		voice = e.id(lang)
	}
	h := sha256.Sum256([]byte(voice + "\x00" + text))
	return string(lang) + "-" + hex.EncodeToString(h[:12])
}

// text renders (or finds the rendering of) a catalogue text or one character.
func (p *Prompts) text(ctx context.Context, lang i18n.Lang, text string) (PCM, error) {
	id := p.cacheID(lang, text)
	p.mu.Lock()
	pcm, ok := p.mem[id]
	p.mu.Unlock()
	if ok {
		return pcm, nil
	}
	file := ""
	if p.Dir != "" {
		file = filepath.Join(p.Dir, "cache", id+".wav")
		if b, err := os.ReadFile(file); err == nil {
			if pcm, err := ParseWAV(b); err == nil {
				p.keep(id, text, pcm)
				return pcm, nil
			}
		}
	}
	pcm, err := p.renderer().Render(ctx, lang, text)
	if err != nil {
		return PCM{}, err
	}
	if file != "" {
		if err := writeAtomic(file, pcm.WAV()); err != nil {
			return PCM{}, fmt.Errorf("speech: cache: %w", err)
		}
	}
	p.keep(id, text, pcm)
	return pcm, nil
}

// keep holds a clip in memory: a character always, a prompt only when there
// is no cache directory to read it from again.
func (p *Prompts) keep(id, text string, pcm PCM) {
	if p.Dir != "" && len([]rune(text)) > 1 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mem == nil {
		p.mem = map[string]PCM{}
	}
	p.mem[id] = pcm
}

// writeAtomic writes b to name through a temporary file and a rename, so a
// power cut never leaves half a clip that would play as a click.
func writeAtomic(name string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".clip-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// Keys returns every spoken prompt's key in the catalogue (sorted).
func Keys(c *i18n.Catalog) []string {
	var out []string
	for _, k := range c.Keys(i18n.AR) {
		if strings.HasPrefix(k, KeyPrefix) {
			out = append(out, k)
		}
	}
	return out
}

// spelledChars are the characters pre-rendered by Warm: what references,
// masked numbers, codes and counts are made of.
const spelledChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// arabicLetters are pre-rendered in Arabic too: the keys of the Arabic
// on-screen keyboard, said as they are touched — the letters of the Unicode
// Arabic block, hamza to ghain and feh to yeh.
var arabicLetters = func() string {
	var b strings.Builder
	for r := rune(0x0621); r <= 0x064a; r++ {
		if r <= 0x063a || r >= 0x0641 {
			b.WriteRune(r)
		}
	}
	return b.String()
}()

// Warm renders every prompt (but the country names, see lazyPrefix) and every
// spelled character in every language that is not rendered yet, so that
// screens speak without waiting for espeak-ng.
// cmd/kiosk runs it at start-up in the background; the first start of a kiosk
// takes about a minute of one core (45–70 s measured on a loaded two-core machine), later
// starts read the cache (under a second).
func (p *Prompts) Warm(ctx context.Context) error {
	var errs []error
	for _, l := range i18n.Langs {
		for _, k := range Keys(p.catalog()) {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if strings.HasPrefix(k, lazyPrefix) {
				continue // rendered when first said
			}
			if _, err := p.Clip(ctx, l, k); errors.Is(err, ErrNoVoice) {
				return fmt.Errorf("speech: warm: %w", err) // no espeak-ng: every prompt would fail alike
			} else if err != nil {
				errs = append(errs, err)
			}
		}
		chars := spelledChars
		if l == i18n.AR {
			chars += arabicLetters
		}
		for _, r := range chars {
			if _, _, err := p.Char(ctx, l, r); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
