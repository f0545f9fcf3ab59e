package speech

// ThenAloud adds the warning that what follows is heard aloud, once, before
// several personal values (ThenWarned): an address is six values, and six
// warnings would bury them.
func (u Utterance) ThenAloud() Utterance { return u.Then(KeyAloud) }

// ThenWarned adds s spelled as a personal value, for an utterance that has
// said the warning already (ThenAloud or ThenPersonal): like ThenPersonal's,
// the shell neither says nor keeps it while speech mode is off.
func (u Utterance) ThenWarned(s string) Utterance {
	if s != "" {
		u.Parts = append(u.Parts, Part{Spell: s, Personal: true})
	}
	return u
}
