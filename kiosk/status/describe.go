package status

import (
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Tone colours the state line.
type Tone int

// Tones.
const (
	Neutral Tone = iota
	Good
	Bad
)

// Description is an Answer in a person's words, every text from the catalogue.
type Description struct {
	Ref    string   // "Reference: 7K3Q9XF2WK"
	Kind   string   // "New account registration"; "" when unknown
	State  string   // the headline: "Done", "Declined", …
	Tone   Tone     // how the headline is coloured
	Detail string   // what it means, and for a decline the reason and what to do next
	Times  []string // when each step happened
	Note   string   // the offline note, "" when central answered

	// The catalogue keys of Kind, State, Detail and Note ("" for none): the
	// spoken answer says their prompts (SpeechKey).
	KindKey, StateKey, DetailKey, NoteKey string
}

// Describe words a in lang; times are shown in loc (the kiosk's zone).
func Describe(a Answer, lang i18n.Lang, loc *time.Location) Description {
	d := Description{Ref: i18n.Tf(lang, "reqstatus.ref", a.Ref)}
	if k := a.Kind(); k != "" && i18n.Default().Has(lang, "reqstatus.kind."+k) {
		d.KindKey = "reqstatus.kind." + k
	}
	when := func(key string, t time.Time) {
		if !t.IsZero() {
			d.Times = append(d.Times, i18n.Tf(lang, key, FormatTime(t, lang, loc)))
		}
	}
	switch a.Source {
	case FromCentral:
		st := a.Central
		switch st.State {
		case wire.StateCompleted:
			d.StateKey, d.Tone = "reqstatus.state.completed", Good
			if key := "reqstatus.detail.completed." + st.Kind; i18n.Default().Has(lang, key) {
				d.DetailKey = key
			}
		case wire.StateDeclined:
			d.StateKey, d.Tone = "reqstatus.state.declined", Bad
			d.DetailKey = ReasonKey(st.Code)
		default:
			d.StateKey, d.DetailKey = "reqstatus.state.received", "reqstatus.detail.received"
		}
		when("reqstatus.time.received", st.Received)
		if st.State != wire.StateReceived {
			when("reqstatus.time.updated", st.Updated)
		}
	case FromKiosk:
		r := a.Local
		state := "waiting"
		switch r.State {
		case outbox.Delivered:
			state = "sent"
		case outbox.NeedsAttention:
			state = "attention"
		}
		d.StateKey, d.DetailKey = "reqstatus.state."+state, "reqstatus.detail."+state
		if state == "sent" && !a.Offline {
			// Central answered that it does not know a request this kiosk delivered.
			d.DetailKey, d.Tone = "reqstatus.detail.sent_missing", Bad
		}
		when("reqstatus.time.created", r.Created)
		if r.State == outbox.Delivered {
			when("reqstatus.time.sent", r.Updated)
		}
	default:
		state := "unknown"
		if a.Offline {
			state = "unknown_offline"
		}
		d.StateKey, d.Tone, d.DetailKey = "reqstatus.state."+state, Bad, "reqstatus.detail."+state
	}
	if a.Offline && a.Source != Unknown {
		d.NoteKey = "reqstatus.offline"
	}
	text := func(key string) string {
		if key == "" {
			return ""
		}
		return i18n.T(lang, key)
	}
	d.Kind, d.State, d.Detail, d.Note = text(d.KindKey), text(d.StateKey), text(d.DetailKey), text(d.NoteKey)
	return d
}

// ReasonKey is the catalogue key of a decline code's reason and what to do next;
// a code this kiosk does not know yet gets the general advice.
func ReasonKey(code string) string {
	key := "reqstatus.reason." + code
	if code == "" || !i18n.Default().Has(i18n.AR, key) {
		return "reqstatus.reason.other"
	}
	return key
}

// FormatTime writes t in loc as a date and time in lang: in Arabic the Hijri
// (Umm al-Qura) date with the Gregorian one it falls on, in English the
// Gregorian date.
func FormatTime(t time.Time, lang i18n.Lang, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	t = t.In(loc)
	date := func(cal identity.Calendar, key string) string {
		dt, err := identity.DateOf(cal, t)
		if err != nil {
			return ""
		}
		return i18n.Tf(lang, key, dt.Day, identity.MonthName(cal, dt.Month, string(lang)), dt.Year)
	}
	day := date(identity.Gregorian, "reqstatus.date.gregorian")
	if lang == i18n.AR {
		// Outside the Umm al-Qura table's range only the Gregorian date is known.
		if h := date(identity.Hijri, "reqstatus.date.hijri"); h != "" {
			day = i18n.Tf(lang, "reqstatus.date.both", h, day)
		}
	}
	return i18n.Tf(lang, "reqstatus.when", day, t.Format("15:04"))
}
