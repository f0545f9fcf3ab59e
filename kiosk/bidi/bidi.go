// Package bidi orders mixed right-to-left and left-to-right text for display.
//
// Fyne 2.7 shapes Arabic but lays every line out as a left-to-right paragraph
// (fyne-io/fyne#90): at direction boundaries spaces vanish and digits and
// punctuation land on the wrong side. Visual splits a line into pieces that can each
// be handed to such a renderer safely, already in visual (left-to-right screen)
// order for the paragraph direction the UI is in. The Unicode Bidirectional
// Algorithm's level resolution comes from golang.org/x/text/unicode/bidi; this
// package adds what that package leaves out: numbers inside right-to-left text
// (level 2), reordering (rule L2) and mirroring of edge punctuation.
//
// # Caveats
//
// Text is treated as one line. Explicit embedding and isolate controls
// (U+202A–U+202E, U+2066–U+2069) are dropped, and the marks LRM, RLM and ALM steer
// the resolution but are not returned. Paragraph separators count as spaces; split
// multi-line text first.
package bidi

import (
	"slices"
	"strings"
	"unicode"

	xbidi "golang.org/x/text/unicode/bidi"
)

// Dir is a paragraph direction: the direction of the UI language.
type Dir int

// The two paragraph directions.
const (
	LTR Dir = iota
	RTL
)

// A Run is a piece of a line that a left-to-right renderer can draw as one unit.
type Run struct {
	// Text is what to draw. If RTL is true it is right-to-left script in logical
	// order, which the shaper reverses itself; otherwise it is already in visual
	// order.
	Text string
	// RTL reports that Text is a right-to-left word: it starts and ends with a
	// strong right-to-left letter and contains no whitespace.
	RTL bool
	// Level is the bidi embedding level the run came from (0 to 2).
	Level int
}

const lrm = '\u200E'

// Visual returns the pieces of s in visual order, left to right, for a paragraph in
// direction base. Concatenating the pieces (with RTL pieces reversed, see Display)
// gives the line as it must appear. It returns nil for an empty line.
func Visual(s string, base Dir) []Run {
	runes := clean(s)
	if len(runes) == 0 {
		return nil
	}
	levels := resolve(runes, base)

	// Segments of equal level, in logical order.
	type seg struct {
		start, end, level int
	}
	var segs []seg
	for i := range runes {
		if n := len(segs); n > 0 && segs[n-1].level == levels[i] {
			segs[n-1].end = i + 1
			continue
		}
		segs = append(segs, seg{i, i + 1, levels[i]})
	}

	// Rule L2: from the highest level down to the lowest odd level, reverse every
	// maximal sequence of segments at that level or above.
	maxLvl, minOdd := 0, 3
	for _, sg := range segs {
		maxLvl = max(maxLvl, sg.level)
		if sg.level%2 == 1 {
			minOdd = min(minOdd, sg.level)
		}
	}
	for lvl := maxLvl; lvl >= minOdd && lvl > 0; lvl-- {
		for i := 0; i < len(segs); {
			if segs[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(segs) && segs[j].level >= lvl {
				j++
			}
			slices.Reverse(segs[i:j])
			i = j
		}
	}

	var out []Run
	for _, sg := range segs {
		text := dropMarks(runes[sg.start:sg.end])
		if len(text) == 0 {
			continue
		}
		if sg.level%2 == 0 {
			out = append(out, Run{Text: string(text), Level: sg.level})
			continue
		}
		out = append(out, rtlPieces(text, sg.level)...)
	}
	return out
}

// rtlPieces splits a right-to-left segment (logical order) into words and the
// neutral characters around them, and returns them in visual order. A word is
// handed to the shaper as is; the neutrals around it are reversed and mirrored
// here, because a left-to-right renderer would leave them on the wrong side.
func rtlPieces(text []rune, level int) []Run {
	var pieces []Run // logical order
	addNeutral := func(rs []rune) {
		if len(rs) == 0 {
			return
		}
		pieces = append(pieces, Run{Text: xbidi.ReverseString(string(rs)), Level: level})
	}
	for i := 0; i < len(text); {
		j := i
		if unicode.IsSpace(text[i]) {
			for j < len(text) && unicode.IsSpace(text[j]) {
				j++
			}
			addNeutral(text[i:j])
			i = j
			continue
		}
		for j < len(text) && !unicode.IsSpace(text[j]) {
			j++
		}
		word := text[i:j]
		first := slices.IndexFunc(word, strongRTL)
		if first < 0 {
			addNeutral(word)
			i = j
			continue
		}
		last := len(word) - 1
		for !strongRTL(word[last]) {
			last--
		}
		// Combining marks belong to the letter before them.
		for last+1 < len(word) && unicode.Is(unicode.Mn, word[last+1]) {
			last++
		}
		addNeutral(word[:first])
		pieces = append(pieces, Run{Text: string(word[first : last+1]), RTL: true, Level: level})
		addNeutral(word[last+1:])
		i = j
	}
	slices.Reverse(pieces)
	// Adjacent neutral pieces are already in visual order: join them.
	var out []Run
	for _, p := range pieces {
		if n := len(out); n > 0 && !p.RTL && !out[n-1].RTL {
			out[n-1].Text += p.Text
			continue
		}
		out = append(out, p)
	}
	return out
}

// Display returns the line as it appears on screen, left to right, one rune per
// glyph position: RTL runs reversed, with mirrored brackets. It is for tests, logs
// and renderers that do no shaping of their own.
func Display(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		if r.RTL {
			b.WriteString(xbidi.ReverseString(r.Text))
		} else {
			b.WriteString(r.Text)
		}
	}
	return b.String()
}

// resolve returns the embedding level of every rune: 0 or 2 for left-to-right,
// 1 for right-to-left.
func resolve(runes []rune, base Dir) []int {
	var p xbidi.Paragraph
	var opts []xbidi.Option
	input := runes
	if base == RTL {
		opts = append(opts, xbidi.DefaultDirection(xbidi.RightToLeft))
	} else {
		// x/text treats a left-to-right default as "detect from the first strong
		// letter"; a leading LRM forces the paragraph to left-to-right.
		input = append([]rune{lrm}, runes...)
	}
	levels := make([]int, len(runes))
	if _, err := p.SetString(string(input), opts...); err != nil {
		return levels
	}
	o, err := p.Order()
	if err != nil {
		return levels
	}
	offset := len(input) - len(runes)
	for i := range o.NumRuns() {
		run := o.Run(i)
		start, end := run.Pos()
		lvl := 0
		switch {
		case run.Direction() == xbidi.RightToLeft:
			lvl = 1
		case base == RTL:
			lvl = 2
		}
		for k := max(start-offset, 0); k <= end-offset && k < len(runes); k++ {
			levels[k] = lvl
		}
	}
	if base == LTR {
		raiseNumbers(runes, levels)
	}
	signedNumbers(runes, levels)
	return levels
}

// raiseNumbers finds, in a left-to-right paragraph, the numbers that follow
// right-to-left letters. The bidi algorithm puts them at level 2 (rules W2, W4, W5,
// W7, I1), which x/text's Ordering merges with level 0; without it "مرحبا 123"
// would show the number on the wrong side of the word.
func raiseNumbers(runes []rune, levels []int) {
	const (
		none = iota
		en   // European number after R
		an   // Arabic number (or European after AL)
	)
	kind := make([]int, len(runes))
	prevStrong := xbidi.L
	for i, r := range runes {
		switch c := class(r); c {
		case xbidi.L, xbidi.R, xbidi.AL:
			prevStrong = c
		case xbidi.EN:
			switch prevStrong {
			case xbidi.R:
				kind[i] = en
			case xbidi.AL:
				kind[i] = an
			}
		case xbidi.AN:
			kind[i] = an
		}
	}
	// W4: one separator between two numbers of the same kind joins them.
	for i := 1; i+1 < len(runes); i++ {
		c := class(runes[i])
		k := kind[i-1]
		if k == none || kind[i+1] != k || kind[i] != none {
			continue
		}
		if c == xbidi.CS || (c == xbidi.ES && k == en) {
			kind[i] = k
		}
	}
	// W5: terminators (%, $, #) next to a European number join it.
	for i := range runes {
		if kind[i] != en {
			continue
		}
		for j := i - 1; j >= 0 && class(runes[j]) == xbidi.ET && kind[j] == none; j-- {
			kind[j] = en
		}
		for j := i + 1; j < len(runes) && class(runes[j]) == xbidi.ET && kind[j] == none; j++ {
			kind[j] = en
		}
	}
	for i := range runes {
		if kind[i] != none && levels[i] == 0 {
			levels[i] = 2
		}
	}
}

// signedNumbers keeps a plus or minus sign with the number it starts or sits
// inside. After Arabic text the bidi algorithm leaves the sign of "+966…" on the
// far side ("966…+") and splits "2026-11-22" into three numbers shown in reverse
// ("22-11-2026"); nobody reads those right. This is a deliberate deviation from
// UAX #9 for the numbers a kiosk shows: phone numbers, dates, reference codes.
func signedNumbers(runes []rune, levels []int) {
	for i := len(runes) - 2; i >= 0; i-- {
		r := runes[i]
		if (r != '+' && r != '-') || levels[i]%2 == 0 || levels[i+1]%2 == 1 || !unicode.IsDigit(runes[i+1]) {
			continue
		}
		if i > 0 && unicode.IsDigit(runes[i-1]) && levels[i-1] != levels[i+1] {
			continue
		}
		levels[i] = levels[i+1]
	}
}

func class(r rune) xbidi.Class {
	p, _ := xbidi.LookupRune(r)
	return p.Class()
}

func strongRTL(r rune) bool {
	c := class(r)
	return c == xbidi.R || c == xbidi.AL
}

// clean drops explicit embedding/isolate controls, turns paragraph separators into
// spaces and invalid UTF-8 into U+FFFD.
func clean(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
			continue
		case class(r) == xbidi.B:
			r = ' '
		}
		out = append(out, r)
	}
	return out
}

// dropMarks removes the invisible direction marks once they have done their work.
func dropMarks(rs []rune) []rune {
	return slices.DeleteFunc(slices.Clone(rs), func(r rune) bool {
		return r == lrm || r == '\u200F' || r == '\u061C'
	})
}
