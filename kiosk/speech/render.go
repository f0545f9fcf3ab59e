package speech

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"

	"github.com/bawaba/bawaba/i18n"
)

// Renderer turns text into audio.
type Renderer interface {
	Render(ctx context.Context, lang i18n.Lang, text string) (PCM, error)
}

// Espeak renders with espeak-ng (Debian's espeak-ng). Its Arabic voice reads
// text with diacritics (tashkeel) intelligibly and guesses badly without them,
// which is why the speech catalogues carry them.
type Espeak struct {
	// Bin is the program; empty means "espeak-ng" on the PATH.
	Bin string
	// Voices maps a language to an espeak-ng voice; nil means ar → "ar",
	// en → "en-gb".
	Voices map[i18n.Lang]string
	// WordsPerMinute is the speaking rate; zero means 140, slower than
	// espeak-ng's 175 for listeners who are elderly or unused to synthetic speech.
	WordsPerMinute int
}

// Available reports whether the espeak-ng program is installed.
func (e Espeak) Available() bool {
	_, err := exec.LookPath(e.bin())
	return err == nil
}

func (e Espeak) bin() string {
	if e.Bin != "" {
		return e.Bin
	}
	return "espeak-ng"
}

func (e Espeak) voice(l i18n.Lang) string {
	if v, ok := e.Voices[l]; ok {
		return v
	}
	if l == i18n.EN {
		return "en-gb"
	}
	return "ar"
}

func (e Espeak) rate() int {
	if e.WordsPerMinute > 0 {
		return e.WordsPerMinute
	}
	return 140
}

// id names the voice settings, for cache keys: a change of voice or rate must
// not play clips rendered with the old ones.
func (e Espeak) id(l i18n.Lang) string {
	return "espeak-ng/" + e.voice(l) + "/" + strconv.Itoa(e.rate()) + "/" + textPrepVersion
}

// textPrepVersion names the text preparation below: changing it renders every
// prompt again.
const textPrepVersion = "3"

// prepareArabic works around espeak-ng 1.51 reading a doubled (shadda) waw or
// yeh as a long vowel: "الْهُوِيَّةِ" comes out "al-hūītí", "أَوَّلًا" "aūlan".
// Written out as the letter twice, the first with sukun ("يْيَ"), it is read
// as the doubled consonant. Other letters with shadda are read right.
//
// And espeak-ng reads a shadda only when it comes before the letter's vowel:
// "مُحَمَّدٌ" typed vowel first (the order Unicode normalisation, and so most
// editors, give) comes out "muḥammdun", the vowel lost. The vowel is moved
// after the shadda first.
func prepareArabic(text string) string {
	rs := shaddaFirst([]rune(text))
	out := make([]rune, 0, len(rs)+8)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r != 'و' && r != 'ي' {
			out = append(out, r)
			continue
		}
		// The letter's marks: at most one vowel on each side of the shadda.
		j, vowels, shadda := i+1, []rune(nil), false
		for ; j < len(rs) && j <= i+3; j++ {
			switch m := rs[j]; {
			case m == '\u0651':
				shadda = true
				continue
			case m >= '\u064b' && m <= '\u0650':
				vowels = append(vowels, m)
				continue
			}
			break
		}
		if !shadda {
			out = append(out, r)
			continue
		}
		out = append(out, r, '\u0652', r)
		out = append(out, vowels...)
		i = j - 1
	}
	return string(out)
}

// shaddaFirst swaps every vowel mark that stands before a shadda.
func shaddaFirst(rs []rune) []rune {
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] >= '\u064b' && rs[i] <= '\u0650' && rs[i+1] == '\u0651' {
			rs[i], rs[i+1] = rs[i+1], rs[i]
			i++
		}
	}
	return rs
}

// Render implements Renderer. The text goes in on stdin, never on the command
// line, where other processes could read it.
func (e Espeak) Render(ctx context.Context, lang i18n.Lang, text string) (PCM, error) {
	bin, err := exec.LookPath(e.bin())
	if err != nil {
		return PCM{}, fmt.Errorf("%w: %v", ErrNoVoice, err)
	}
	cmd := exec.CommandContext(ctx, bin, "-b", "1", "-v", e.voice(lang), "-s", strconv.Itoa(e.rate()), "--stdout")
	if lang == i18n.AR {
		text = prepareArabic(text)
	}
	cmd.Stdin = bytes.NewBufferString(text)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return PCM{}, fmt.Errorf("speech: espeak-ng (%s): %w: %s", lang, err, bytes.TrimSpace(errOut.Bytes()))
	}
	p, err := ParseWAV(out.Bytes())
	if err != nil {
		return PCM{}, fmt.Errorf("speech: espeak-ng output: %w", err)
	}
	return trimSilence(p), nil
}

// trimSilence cuts the near-silent lead-in and tail espeak-ng adds, so a prompt
// starts at once and spelled characters are spaced only by the gaps we choose.
func trimSilence(p PCM) PCM {
	const floor = 200 // about -44 dBFS
	start, end := 0, len(p.Samples)
	for start < end && abs16(p.Samples[start]) < floor {
		start++
	}
	for end > start && abs16(p.Samples[end-1]) < floor {
		end--
	}
	p.Samples = p.Samples[start:end]
	return p
}

func abs16(s int16) int {
	if s < 0 {
		return -int(s)
	}
	return int(s)
}
