package register

import "github.com/bawaba/bawaba/identity"

// Languages the person can prefer for their account.
const (
	LangArabic  = "ar"
	LangEnglish = "en"
)

// Form is everything the person entered, as entered. Values derived from it (the
// normalised ID and mobile, the date in the other calendar) are computed by the
// wizard when a step is checked.
type Form struct {
	IDType      identity.IdentityType
	IDNumber    string
	Nationality string // ISO 3166-1 alpha-3; visitors and GCC citizens choose it
	// BirthDate is in the calendar the person chose (BirthDate.Calendar); zero
	// Year/Month/Day means not picked yet.
	BirthDate identity.Date
	Mobile    string
	Email     string
	Username  string
	Password  string
	Confirm   string
	Language  string
	Captcha   string
	Terms     bool
}

// BirthDates is a date of birth in both calendars.
type BirthDates struct {
	Hijri     identity.Date
	Gregorian identity.Date
}

// In returns the date in calendar c.
func (b BirthDates) In(c identity.Calendar) identity.Date {
	if c == identity.Hijri {
		return b.Hijri
	}
	return b.Gregorian
}

func picked(d identity.Date) bool { return d.Year != 0 || d.Month != 0 || d.Day != 0 }

// bothCalendars gives d in both calendars. Every date the identity rules
// accept (1882-11-12 – 2174-11-25) has a twin in the other calendar; should a
// Gregorian date ever have none, that is not an error for a person who was
// given a Gregorian date, so the Hijri half is left zero.
func bothCalendars(d identity.Date) (BirthDates, error) {
	g, err := d.In(identity.Gregorian)
	if err != nil {
		return BirthDates{}, err
	}
	h, err := d.In(identity.Hijri)
	if err != nil && d.Calendar == identity.Hijri {
		return BirthDates{}, err
	}
	return BirthDates{Hijri: h, Gregorian: g}, nil
}
