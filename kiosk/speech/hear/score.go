package hear

import (
	"strconv"
	"strings"
	"unicode"
)

// Words splits a text into the words a listener should hear: lower case,
// punctuation dropped, numbers up to 99 written out as espeak-ng says them
// ("10" → "ten"), hyphenated words split ("one-time" → "one time").
func Words(text string) []string {
	var out []string
	f := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'')
	})
	for _, w := range f {
		w = strings.Trim(w, "'")
		if w == "" {
			continue
		}
		if n, err := strconv.Atoi(w); err == nil && n >= 0 && n < 100 {
			out = append(out, strings.Fields(numberWords(n))...)
			continue
		}
		out = append(out, w)
	}
	return out
}

var (
	ones = strings.Fields("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
	tens = strings.Fields("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
)

func numberWords(n int) string {
	switch {
	case n < 20:
		return ones[n]
	case n%10 == 0:
		return tens[n/10]
	default:
		return tens[n/10] + " " + ones[n%10]
	}
}

// WordErrors is the number of words substituted, dropped or added in heard
// against the text said (its Levenshtein distance in words) and the number of
// words said: their ratio is the word error rate.
func WordErrors(said, heard string) (errs, words int) {
	s, h := Words(said), Words(heard)
	return distance(s, h), len(s)
}

// CharScore compares the characters spelled with what was heard.
type CharScore struct {
	Spelled int // characters spelled
	Right   int // heard as spelled, in their place
	Extra   int // heard but never spelled (insertions)
}

// Errors counts every mistake: characters not heard right and extra ones.
func (s CharScore) Errors() int { return s.Spelled - s.Right + s.Extra }

// Add sums two scores.
func (s CharScore) Add(o CharScore) CharScore {
	return CharScore{Spelled: s.Spelled + o.Spelled, Right: s.Right + o.Right, Extra: s.Extra + o.Extra}
}

// CharErrors scores heard (words, as a Listener returns them with a
// CharGrammar) against the characters spelled, aligned as a Levenshtein
// distance does. A word that names no character counts as a wrong one.
func CharErrors(spelled, heard string) CharScore {
	var want, got []string
	for _, r := range strings.ToUpper(spelled) {
		if !unicode.IsSpace(r) {
			want = append(want, string(r))
		}
	}
	for _, w := range strings.Fields(heard) {
		got = append(got, string(CharOf(w)))
	}
	sub, del, ins := align(want, got)
	return CharScore{Spelled: len(want), Right: len(want) - sub - del, Extra: ins}
}

// charWords names each character as an English listener says it back. Zero
// is also "oh"; zed is British English's Z (espeak-ng's en-gb says it).
var charWords = map[rune][]string{
	'0': {"zero", "oh"}, '1': {"one"}, '2': {"two"}, '3': {"three"}, '4': {"four"},
	'5': {"five"}, '6': {"six"}, '7': {"seven"}, '8': {"eight"}, '9': {"nine"},
	'Z': {"z", "zed"},
}

func names(r rune) []string {
	if w, ok := charWords[r]; ok {
		return w
	}
	if r >= 'A' && r <= 'Z' {
		return []string{string(unicode.ToLower(r))}
	}
	return nil
}

// CharOf is the character a heard word names ('?' for none).
func CharOf(word string) rune {
	word = strings.ToLower(word)
	for r, ws := range charWords {
		for _, w := range ws {
			if w == word {
				return r
			}
		}
	}
	if rs := []rune(word); len(rs) == 1 && rs[0] >= 'a' && rs[0] <= 'z' {
		return unicode.ToUpper(rs[0])
	}
	return '?'
}

// CharGrammar is a JSGF grammar of any sequence of the names of chars (digits
// and upper-case English letters; others are ignored): what a listener who
// knows that a code made of them is being spelled expects to hear.
func CharGrammar(chars string) string {
	seen := map[string]bool{}
	var alts []string
	for _, r := range strings.ToUpper(chars) {
		for _, w := range names(r) {
			if !seen[w] {
				seen[w] = true
				alts = append(alts, w)
			}
		}
	}
	if len(alts) == 0 {
		alts = []string{"zero"}
	}
	return "#JSGF V1.0;\ngrammar chars;\n<c> = " + strings.Join(alts, " | ") + ";\npublic <s> = <c>+;\n"
}

// distance is the Levenshtein distance between two word sequences.
func distance(a, b []string) int {
	s, d, i := align(a, b)
	return s + d + i
}

// align counts the substitutions, deletions and insertions that turn a into b
// along one cheapest path.
func align(a, b []string) (sub, del, ins int) {
	// cost[i][j] turns a[:i] into b[:j].
	cost := make([][]int, len(a)+1)
	for i := range cost {
		cost[i] = make([]int, len(b)+1)
		cost[i][0] = i
	}
	for j := range cost[0] {
		cost[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := cost[i-1][j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cost[i][j] = min(c, cost[i-1][j]+1, cost[i][j-1]+1)
		}
	}
	for i, j := len(a), len(b); i > 0 || j > 0; {
		switch {
		case i > 0 && j > 0 && a[i-1] == b[j-1] && cost[i][j] == cost[i-1][j-1]:
			i, j = i-1, j-1
		case i > 0 && j > 0 && cost[i][j] == cost[i-1][j-1]+1:
			sub++
			i, j = i-1, j-1
		case i > 0 && cost[i][j] == cost[i-1][j]+1:
			del++
			i--
		default:
			ins++
			j--
		}
	}
	return sub, del, ins
}
