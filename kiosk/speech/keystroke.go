package speech

import "strings"

// Keystroke is what a field says when a key press changes its text from
// before to after: "deleted" for a deletion; in a secret field (password,
// PIN, a code the person typed) "one character typed", never the character;
// otherwise the character typed, marked Personal when the field holds the
// person's own data (its prompt on focus warned that it is heard aloud). ok is
// false when there is nothing to say: the text did not change, or changed by
// more than one character where no secret can be hurt (set by the program).
func Keystroke(before, after string, secret, personal bool) (u Utterance, ok bool) {
	b, a := []rune(before), []rune(after)
	switch {
	case len(a) < len(b):
		return Say(KeyDeleted), true
	case len(a) > len(b) && secret:
		return Typed(), true
	case len(a) == len(b)+1 && strings.HasPrefix(after, before):
		return Utterance{Parts: []Part{{Spell: string(a[len(a)-1]), Personal: personal}}}, true
	}
	return Utterance{}, false
}
