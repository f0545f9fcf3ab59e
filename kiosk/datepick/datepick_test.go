package datepick

import (
	"reflect"
	"testing"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/speech"
)

func TestOther(t *testing.T) {
	h := identity.Date{Calendar: identity.Hijri, Year: 1400, Month: 4, Day: 10}
	g := identity.Date{Calendar: identity.Gregorian, Year: 1980, Month: 2, Day: 27}
	tests := []struct {
		name string
		d    identity.Date
		lang i18n.Lang
		want string
	}{
		{"a Hijri date shows its Gregorian day", h, i18n.EN, i18n.Tf(i18n.EN, "register.other_calendar", register.FormatDate(g, "en"))},
		{"a Gregorian date shows its Hijri day, in Arabic", g, i18n.AR, i18n.Tf(i18n.AR, "register.other_calendar", register.FormatDate(h, "ar"))},
		{"nothing while the year is missing", identity.Date{Calendar: identity.Hijri, Month: 4, Day: 10}, i18n.EN, ""},
		{"nothing for a day the month lacks", identity.Date{Calendar: identity.Gregorian, Year: 1990, Month: 2, Day: 30}, i18n.EN, ""},
		{"nothing for no date", identity.Date{Calendar: identity.Gregorian}, i18n.EN, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Other(tt.d, tt.lang); got != tt.want {
				t.Fatalf("Other = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSpoken(t *testing.T) {
	h := identity.Date{Calendar: identity.Hijri, Year: 1400, Month: 4, Day: 10}
	for _, c := range []struct {
		name, part string
		want       speech.Utterance
	}{
		{"when the day changes, it is spelled", "day", speech.Spell("10")},
		{"when the year changes, it is spelled", "year", speech.Spell("1400")},
		{"when the month changes, its spoken name and number are said", "month", speech.Say(speech.MonthKey("hijri", 4)).ThenSpell("4")},
		{"when something else changes, nothing is said", "cal", speech.Utterance{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, l := range i18n.Langs {
				if got := Spoken(c.part, h, l); !reflect.DeepEqual(got, c.want) {
					t.Errorf("%s: Spoken(%s) = %+v, want %+v", l, c.part, got, c.want)
				}
			}
		})
	}
}
