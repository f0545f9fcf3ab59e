package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/hear"
	"github.com/bawaba/bawaba/sync/outbox/ref"
)

type options struct {
	worst     int
	keys      *regexp.Regexp
	rate      int
	every     int
	voice     string
	noPrompts bool
	each      bool
	psArgs    []string
}

// spelled is one set of spelled values, said as the kiosk says them and heard
// with a grammar of the characters they may contain.
type spelled struct {
	name     string
	alphabet string // what the listener expects
	values   []string
	slow     bool
}

// spelledSets are the values the kiosk spells: the digits, receipt references
// and visual codes said slowly as the done screens and the visual code step
// say them, and each character alone (to find the names heard wrong).
func spelledSets() []spelled {
	rnd := rand.New(rand.NewPCG(15, 15)) // fixed: the same codes every run
	codes := func(alphabet string, n, length int) []string {
		var out []string
		for range n {
			b := make([]byte, length)
			for i := range b {
				b[i] = alphabet[rnd.IntN(len(alphabet))]
			}
			out = append(out, string(b))
		}
		return out
	}
	const all = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var each []string
	for _, r := range all {
		each = append(each, string(r))
	}
	return []spelled{
		{name: "digits", alphabet: "0123456789", values: []string{"0123456789", "9876543210"}},
		{name: "digits, slow", alphabet: "0123456789", values: []string{"0123456789", "9876543210"}, slow: true},
		{name: "references, slow", alphabet: ref.Alphabet, values: codes(ref.Alphabet, 6, ref.Len), slow: true},
		{name: "visual codes, slow", alphabet: register.CaptchaAlphabet, values: codes(register.CaptchaAlphabet, 6, register.CaptchaLen), slow: true},
		{name: "each character alone", alphabet: all, values: each},
	}
}

func run(ctx context.Context, o options, w io.Writer) error {
	lis := hear.Listener{Args: o.psArgs}
	if err := lis.Check(); err != nil {
		return err
	}
	e := speech.Espeak{WordsPerMinute: o.rate}
	if o.voice != "" {
		e.Voices = map[i18n.Lang]string{i18n.EN: o.voice, i18n.AR: "ar"}
	}
	player := speech.NewPlayer(&speech.Prompts{Renderer: e}, nil)
	fmt.Fprintf(w, "voice %s\n", describe(e))
	if !o.noPrompts {
		if err := prompts(ctx, o, player, lis, w); err != nil {
			return err
		}
	}
	return spelling(ctx, player, lis, w)
}

func describe(e speech.Espeak) string {
	v := "en-gb"
	if e.Voices != nil {
		v = e.Voices[i18n.EN]
	}
	r := e.WordsPerMinute
	if r == 0 {
		return v + " at the kiosk's rate"
	}
	return fmt.Sprintf("%s at %d words a minute", v, r)
}

// render renders utterances on two workers (the machine has two cores).
func render(ctx context.Context, p *speech.Player, us map[string]speech.Utterance) ([]hear.Clip, error) {
	ids := make([]string, 0, len(us))
	for id := range us {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	clips := make([]hear.Clip, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pcm, err := p.Render(ctx, us[ids[i]])
				clips[i], errs[i] = hear.Clip{ID: ids[i], Audio: pcm}, err
			}
		}()
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", ids[i], err)
		}
	}
	return clips, nil
}

type scored struct {
	key, said, heard string
	errs, words      int
}

func prompts(ctx context.Context, o options, p *speech.Player, lis hear.Listener, w io.Writer) error {
	cat := i18n.Default()
	us := map[string]speech.Utterance{}
	n := 0
	for _, k := range speech.Keys(cat) {
		if o.keys != nil && !o.keys.MatchString(k) || o.keys == nil && strings.HasPrefix(k, speech.CountryKey("")) {
			continue
		}
		if n++; o.every > 1 && (n-1)%o.every != 0 {
			continue
		}
		us[k] = speech.Utterance{Lang: i18n.EN}.Then(k)
	}
	clips, err := render(ctx, p, us)
	if err != nil {
		return err
	}
	secs := 0.0
	for _, c := range clips {
		secs += c.Audio.Duration()
	}
	fmt.Fprintf(w, "\n%d English prompts rendered, %.0f s of audio; decoding…\n", len(clips), secs)
	heard, err := lis.Hear(ctx, clips, "")
	if err != nil {
		return err
	}
	var all []scored
	errs, words := 0, 0
	for _, c := range clips {
		s := scored{key: c.ID, said: cat.T(i18n.EN, c.ID), heard: heard[c.ID]}
		s.errs, s.words = hear.WordErrors(s.said, s.heard)
		if s.words == 0 {
			continue
		}
		all = append(all, s)
		errs += s.errs
		words += s.words
	}
	sort.SliceStable(all, func(i, j int) bool {
		return rate(all[i].errs, all[i].words) > rate(all[j].errs, all[j].words)
	})
	fmt.Fprintf(w, "\nEnglish prompts: %d, %d words; word error rate %.1f%%\n", len(all), words, 100*rate(errs, words))
	perfect := 0
	for _, s := range all {
		if s.errs == 0 {
			perfect++
		}
	}
	fmt.Fprintf(w, "heard without an error: %d of %d prompts\n", perfect, len(all))
	if o.each {
		fmt.Fprintf(w, "\nevery prompt, worst first:\n")
		for _, s := range all {
			fmt.Fprintf(w, "  %5.1f%%  %2d/%-2d  %s  heard: %s\n", 100*rate(s.errs, s.words), s.errs, s.words, s.key, s.heard)
		}
	}
	// The worst sentences: a one- or two-word prompt (a country, a month, a
	// choice) is said among its siblings, and one misheard word in it is
	// 100% wrong, which would fill the list.
	var worst []scored
	for _, s := range all {
		if s.words >= 3 && len(worst) < o.worst {
			worst = append(worst, s)
		}
	}
	fmt.Fprintf(w, "\nthe %d worst of at least three words:\n", len(worst))
	for _, s := range worst {
		fmt.Fprintf(w, "  %5.1f%%  %s\n          said:  %s\n          heard: %s\n", 100*rate(s.errs, s.words), s.key, s.said, s.heard)
	}
	return nil
}

func rate(errs, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(errs) / float64(n)
}

func spelling(ctx context.Context, p *speech.Player, lis hear.Listener, w io.Writer) error {
	fmt.Fprintf(w, "\nSpelled characters (heard with a grammar of the characters expected):\n")
	var total hear.CharScore
	for _, set := range spelledSets() {
		us := map[string]speech.Utterance{}
		for i, v := range set.values {
			u := speech.Utterance{Lang: i18n.EN}
			if set.slow {
				u = u.ThenSlow(v)
			} else {
				u = u.ThenSpell(v)
			}
			us[fmt.Sprintf("s%02d", i)] = u
		}
		clips, err := render(ctx, p, us)
		if err != nil {
			return err
		}
		heard, err := lis.Hear(ctx, clips, hear.CharGrammar(set.alphabet))
		if err != nil {
			return err
		}
		var sum hear.CharScore
		var wrong []string
		for i, v := range set.values {
			h := heard[fmt.Sprintf("s%02d", i)]
			sc := hear.CharErrors(v, h)
			sum = sum.Add(sc)
			if sc.Errors() > 0 {
				wrong = append(wrong, fmt.Sprintf("%s heard %q", v, h))
			}
		}
		total = total.Add(sum)
		report(w, set.name, sum)
		for _, x := range wrong {
			fmt.Fprintf(w, "      %s\n", x)
		}
	}
	report(w, "all spelled", total)
	return nil
}

func report(w io.Writer, name string, s hear.CharScore) {
	fmt.Fprintf(w, "  %-22s %5.1f%% of %d characters heard right, %d extra heard\n", name, 100*rate(s.Right, s.Spelled), s.Spelled, s.Extra)
}
