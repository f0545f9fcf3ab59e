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
	mark := map[identity.Calendar]Text{identity.Hijri: {"هـ", "AH"}, identity.Gregorian: {"م", ""}}[d.Calendar].In(lang)
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
	add(FieldIDType, Text{"نوع الهوية", "Identity type"}, Text{f.IDType.Name(LangArabic), f.IDType.Name(LangEnglish)})
	add(FieldIDNumber, Text{"رقم الهوية", "ID number"}, same(identity.NormalizeDigits(strings.TrimSpace(f.IDNumber))))
	if f.IDType == identity.Visitor || f.IDType == identity.GCC {
		c, _ := identity.LookupCountry(f.Nationality)
		add(FieldNationality, Text{"الجنسية", "Nationality"}, Text{c.Name(LangArabic), c.Name(LangEnglish)})
	}
	if b, err := bothCalendars(f.BirthDate); err == nil && picked(f.BirthDate) {
		add(FieldBirthDate, Text{"تاريخ الميلاد", "Date of birth"},
			Text{FormatDates(b, f.BirthDate.Calendar, LangArabic), FormatDates(b, f.BirthDate.Calendar, LangEnglish)})
	}
	mobile := strings.TrimSpace(f.Mobile)
	if m, err := identity.ParseMobile(f.Mobile); err == nil {
		mobile = m.Local()
	}
	add(FieldMobile, Text{"رقم الجوال", "Mobile number"}, same(mobile))
	add(FieldEmail, Text{"البريد الإلكتروني", "Email"}, same(strings.TrimSpace(f.Email)))
	add(FieldUsername, Text{"اسم المستخدم", "Username"}, same(f.Username))
	add(FieldPassword, Text{"كلمة المرور", "Password"}, same(strings.Repeat("•", 8)))
	add(FieldLanguage, Text{"اللغة المفضلة", "Preferred language"}, LanguageName(f.Language))
	return items
}

// LanguageName is how a language is named on screen, each in its own script.
func LanguageName(lang string) Text {
	if lang == LangEnglish {
		return Text{"English", "English"}
	}
	return Text{"العربية", "العربية"}
}
