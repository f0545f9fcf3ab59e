package register

import (
	"fmt"
	"strings"

	"github.com/bawaba/bawaba/identity"
)

// ReviewItem is one line of the review screen; Step is where "edit" goes.
type ReviewItem struct {
	Field Field
	Step  Step
	Label Text
	Value Text
}

// FormatDate writes d with its month name and calendar mark in lang:
// "12 جمادى الأولى 1410 هـ", "10 December 1989".
func FormatDate(d identity.Date, lang string) string {
	mark := ""
	if d.Calendar == identity.Hijri || d.Calendar == identity.Gregorian {
		mark = catalogText("register.date.mark." + d.Calendar.String()).In(lang)
	}
	s := fmt.Sprintf("%d %s %d", d.Day, identity.MonthName(d.Calendar, d.Month, lang), d.Year)
	if mark != "" {
		s += " " + mark
	}
	return s
}

// FormatDates writes a date of birth in the calendar it was entered in, then the
// other one in parentheses when it exists.
func FormatDates(b BirthDates, entered identity.Calendar, lang string) string {
	first, other := b.Gregorian, b.Hijri
	if entered == identity.Hijri {
		first, other = b.Hijri, b.Gregorian
	}
	s := FormatDate(first, lang)
	if picked(other) {
		s += " (" + FormatDate(other, lang) + ")"
	}
	return s
}

func same(s string) Text { return Text{s, s} }

// Review lists what will be sent, as the person will recognise it. The password is
// never shown.
func (w *Wizard) Review() []ReviewItem {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := w.form
	var items []ReviewItem
	add := func(fl Field, label Text, v Text) {
		items = append(items, ReviewItem{Field: fl, Step: stepOf(fl), Label: label, Value: v})
	}
	add(FieldIDType, StepIdentityType.Title(), Text{f.IDType.Name(LangArabic), f.IDType.Name(LangEnglish)})
	add(FieldIDNumber, StepIDNumber.Title(), same(identity.NormalizeDigits(strings.TrimSpace(f.IDNumber))))
	if f.IDType == identity.Visitor || f.IDType == identity.GCC {
		c, _ := identity.LookupCountry(f.Nationality)
		add(FieldNationality, catalogText("register.nationality"), Text{c.Name(LangArabic), c.Name(LangEnglish)})
	}
	if b, err := bothCalendars(f.BirthDate); err == nil && picked(f.BirthDate) {
		add(FieldBirthDate, StepBirthDate.Title(),
			Text{FormatDates(b, f.BirthDate.Calendar, LangArabic), FormatDates(b, f.BirthDate.Calendar, LangEnglish)})
	}
	mobile := strings.TrimSpace(f.Mobile)
	if m, err := identity.ParseMobile(f.Mobile); err == nil {
		mobile = m.Local()
	}
	add(FieldMobile, StepMobile.Title(), same(mobile))
	add(FieldEmail, catalogText("register.email"), same(strings.TrimSpace(f.Email)))
	add(FieldUsername, catalogText("register.username"), same(f.Username))
	add(FieldPassword, catalogText("register.password"), same(strings.Repeat("•", 8)))
	add(FieldLanguage, StepLanguage.Title(), LanguageName(f.Language))
	return items
}

// LanguageName is how a language is named on screen, each in its own script
// (the catalogue's "register.lang.ar" and "register.lang.en").
func LanguageName(lang string) Text {
	if lang == LangEnglish {
		return catalogText("register.lang.en")
	}
	return catalogText("register.lang.ar")
}
