package speech

import (
	"reflect"
	"testing"
)

func TestKeystroke(t *testing.T) {
	for _, c := range []struct {
		name             string
		before, after    string
		secret, personal bool
		want             Utterance
		ok               bool
	}{
		{"when a character is typed, it is said", "7K", "7K3", false, false, Spell("3"), true},
		{"when a personal character is typed, it is marked personal", "10", "105", false, true,
			Utterance{Parts: []Part{{Spell: "5", Personal: true}}}, true},
		{"when a secret character is typed, only typed is said", "ab", "abc", true, false, Typed(), true},
		{"when a secret is pasted, typed is said, never the text", "", "Secret1!", true, false, Typed(), true},
		{"when a character is deleted, deleted is said", "7K3", "7K", false, false, Say(KeyDeleted), true},
		{"when a secret character is deleted, deleted is said", "ab", "a", true, false, Say(KeyDeleted), true},
		{"when an Arabic letter is typed, it is said", "شار", "شارع", false, false, Spell("ع"), true},
		{"when the program sets the text, nothing is said", "", "7K3Q9XF2WK", false, false, Utterance{}, false},
		{"when the text is unchanged, nothing is said", "7K", "7K", false, false, Utterance{}, false},
		{"when a character is typed in the middle, nothing is said", "7K", "73K", false, false, Utterance{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Keystroke(c.before, c.after, c.secret, c.personal)
			if ok != c.ok || !reflect.DeepEqual(got, c.want) {
				t.Errorf("Keystroke(%q, %q) = %+v, %v; want %+v, %v", c.before, c.after, got, ok, c.want, c.ok)
			}
		})
	}
}

func TestThenWarnedFollowsOneWarning(t *testing.T) {
	u := Say("speech.on").ThenAloud().ThenWarned("1234").ThenWarned("").ThenWarned("RRRD2929")
	want := []Part{{Key: "speech.on"}, {Key: KeyAloud}, {Spell: "1234", Personal: true}, {Spell: "RRRD2929", Personal: true}}
	if !reflect.DeepEqual(u.Parts, want) || !u.Personal() {
		t.Errorf("parts %+v, want %+v", u.Parts, want)
	}
}
