package mrz

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Format is the ICAO document size.
type Format int

// MRZ formats.
const (
	TD1 Format = iota + 1 // ID card: 3 lines of 30
	TD2                   // 2 lines of 36
	TD3                   // passport: 2 lines of 44
)

func (f Format) String() string {
	switch f {
	case TD1:
		return "TD1"
	case TD2:
		return "TD2"
	case TD3:
		return "TD3"
	}
	return "unknown"
}

// Document is a validated MRZ. Text fields have fillers removed.
type Document struct {
	Format       Format
	DocumentCode string // "P", "ID", "I", "V", … (trailing filler removed)
	Issuer       string // issuing state, ISO 3166-1 alpha-3 (modified)
	Number       string // document number, long TD1/TD2 numbers joined
	Surname      string // primary identifier, name parts separated by spaces
	GivenNames   string // secondary identifier, name parts separated by spaces
	Nationality  string
	BirthDate    string // YYMMDD as printed
	Sex          string // "M", "F" or "X" (filler)
	ExpiryDate   string // YYMMDD as printed
	Optional1    string // TD3 personal number; TD1/TD2 optional data (line 1)
	Optional2    string // TD1 optional data on line 2
	Lines        []string
}

// String shows no personal data.
func (d Document) String() string { return fmt.Sprintf("mrz.Document{%s %s}", d.Format, d.Issuer) }

// GoString shows no personal data.
func (d Document) GoString() string { return d.String() }

// LogValue shows no personal data.
func (d Document) LogValue() slog.Value {
	return slog.GroupValue(slog.String("format", d.Format.String()), slog.String("issuer", d.Issuer))
}

// BirthTime is the birth date, taking the century that puts it in the past of now.
func (d Document) BirthTime(now time.Time) time.Time {
	t := ymd(d.BirthDate, 2000)
	if t.After(now) {
		t = t.AddDate(-100, 0, 0)
	}
	return t
}

// ExpiryTime is the expiry date; documents expire within 50 years of issue, so a
// year more than 50 years before now belongs to the next century.
func (d Document) ExpiryTime(now time.Time) time.Time {
	t := ymd(d.ExpiryDate, 1900)
	for t.Before(now.AddDate(-50, 0, 0)) {
		t = t.AddDate(100, 0, 0)
	}
	return t
}

// Expired reports whether the document's expiry date is before now's date.
func (d Document) Expired(now time.Time) bool {
	y, m, dd := now.Date()
	return d.ExpiryTime(now).Before(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC))
}

func ymd(s string, century int) time.Time {
	n := func(i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }
	return time.Date(century+n(0), time.Month(n(2)), n(4), 0, 0, 0, 0, time.UTC)
}

// Code says what made an MRZ unreadable; the UI maps it to a message such as
// "please insert the document again".
type Code int

// Error codes.
const (
	CodeLayout     Code = iota + 1 // wrong number or length of lines
	CodeCharset                    // a character outside A–Z, 0–9, '<'
	CodeCheckDigit                 // a check digit does not match its field
	CodeDate                       // a date field is not a valid YYMMDD
	CodeSex                        // the sex field is not M, F or '<'
	CodeFrame                      // the reader's framing is broken (BCC mismatch)
)

func (c Code) String() string {
	switch c {
	case CodeLayout:
		return "layout"
	case CodeCharset:
		return "charset"
	case CodeCheckDigit:
		return "check digit"
	case CodeDate:
		return "date"
	case CodeSex:
		return "sex"
	case CodeFrame:
		return "framing"
	}
	return "unknown"
}

// Error is a rejected MRZ. Field names the failing field ("document number",
// "birth date", "expiry date", "personal number", "optional data", "composite").
// It carries positions, never the characters read.
type Error struct {
	Code  Code
	Field string
	Line  int // 1-based, 0 when not about one line
	Pos   int // 1-based, 0 when not about one position
}

func (e *Error) Error() string {
	s := "mrz: " + e.Code.String()
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Line > 0 {
		s += fmt.Sprintf(" at line %d", e.Line)
		if e.Pos > 0 {
			s += fmt.Sprintf(" pos %d", e.Pos)
		}
	}
	return s
}

// Parse validates MRZ lines and returns the document. Line count and lengths decide
// the format: 3×30 TD1, 2×36 TD2, 2×44 TD3.
func Parse(lines []string) (*Document, error) {
	format, err := detect(lines)
	if err != nil {
		return nil, err
	}
	for i, l := range lines {
		for j := 0; j < len(l); j++ {
			if value(l[j]) < 0 {
				return nil, &Error{Code: CodeCharset, Line: i + 1, Pos: j + 1}
			}
		}
	}
	d := &Document{Format: format, Lines: append([]string(nil), lines...)}
	switch format {
	case TD1:
		err = parseTD1(d, lines)
	case TD2:
		err = parseTD2(d, lines)
	case TD3:
		err = parseTD3(d, lines)
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

func detect(lines []string) (Format, error) {
	want := func(n, l int) bool {
		if len(lines) != n {
			return false
		}
		for _, s := range lines {
			if len(s) != l {
				return false
			}
		}
		return true
	}
	switch {
	case want(3, 30):
		return TD1, nil
	case want(2, 36):
		return TD2, nil
	case want(2, 44):
		return TD3, nil
	}
	return 0, &Error{Code: CodeLayout}
}

// field is a 0-based half-open range on one line (0-based line index).
type field struct{ line, from, to int }

func (f field) of(lines []string) string { return lines[f.line][f.from:f.to] }

// checked verifies the check digit at cd over the concatenation of parts.
func checked(lines []string, name string, cd field, parts ...field) error {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.of(lines))
	}
	if CheckDigit(b.String()) != lines[cd.line][cd.from] {
		return &Error{Code: CodeCheckDigit, Field: name, Line: cd.line + 1, Pos: cd.from + 1}
	}
	return nil
}

func parseTD3(d *Document, l []string) error {
	d.DocumentCode = trim(l[0][0:2])
	d.Issuer = trim(l[0][2:5])
	d.Surname, d.GivenNames = names(l[0][5:44])
	d.Number = trim(l[1][0:9])
	d.Nationality = trim(l[1][10:13])
	d.BirthDate = l[1][13:19]
	d.Sex = sex(l[1][20])
	d.ExpiryDate = l[1][21:27]
	d.Optional1 = trim(l[1][28:42])
	if err := checked(l, "document number", field{1, 9, 10}, field{1, 0, 9}); err != nil {
		return err
	}
	if err := dates(l, field{1, 13, 19}, field{1, 19, 20}, field{1, 21, 27}, field{1, 27, 28}); err != nil {
		return err
	}
	if err := sexOK(l, 1, 20); err != nil {
		return err
	}
	// An empty personal number may carry '<' instead of the check digit 0.
	if !(d.Optional1 == "" && l[1][42] == '<') {
		if err := checked(l, "personal number", field{1, 42, 43}, field{1, 28, 42}); err != nil {
			return err
		}
	}
	return checked(l, "composite", field{1, 43, 44}, field{1, 0, 10}, field{1, 13, 20}, field{1, 21, 43})
}

func parseTD2(d *Document, l []string) error {
	d.DocumentCode = trim(l[0][0:2])
	d.Issuer = trim(l[0][2:5])
	d.Surname, d.GivenNames = names(l[0][5:36])
	d.Nationality = trim(l[1][10:13])
	d.BirthDate = l[1][13:19]
	d.Sex = sex(l[1][20])
	d.ExpiryDate = l[1][21:27]
	num, opt, err := longNumber(l, field{1, 0, 9}, field{1, 9, 10}, field{1, 28, 35})
	if err != nil {
		return err
	}
	d.Number, d.Optional1 = num, opt
	if err := dates(l, field{1, 13, 19}, field{1, 19, 20}, field{1, 21, 27}, field{1, 27, 28}); err != nil {
		return err
	}
	if err := sexOK(l, 1, 20); err != nil {
		return err
	}
	return checked(l, "composite", field{1, 35, 36}, field{1, 0, 10}, field{1, 13, 20}, field{1, 21, 35})
}

func parseTD1(d *Document, l []string) error {
	d.DocumentCode = trim(l[0][0:2])
	d.Issuer = trim(l[0][2:5])
	d.BirthDate = l[1][0:6]
	d.Sex = sex(l[1][7])
	d.ExpiryDate = l[1][8:14]
	d.Nationality = trim(l[1][15:18])
	d.Optional2 = trim(l[1][18:29])
	d.Surname, d.GivenNames = names(l[2])
	num, opt, err := longNumber(l, field{0, 5, 14}, field{0, 14, 15}, field{0, 15, 30})
	if err != nil {
		return err
	}
	d.Number, d.Optional1 = num, opt
	if err := dates(l, field{1, 0, 6}, field{1, 6, 7}, field{1, 8, 14}, field{1, 14, 15}); err != nil {
		return err
	}
	if err := sexOK(l, 1, 7); err != nil {
		return err
	}
	return checked(l, "composite", field{1, 29, 30}, field{0, 5, 30}, field{1, 0, 7}, field{1, 8, 15}, field{1, 18, 29})
}

// longNumber reads a document number that may overflow into the optional data: a
// '<' in the check digit position means the number continues in opt up to the first
// filler, and the last character before that filler is the real check digit.
func longNumber(l []string, num, cd, opt field) (number, optional string, err error) {
	if l[cd.line][cd.from] != '<' {
		if err := checked(l, "document number", cd, num); err != nil {
			return "", "", err
		}
		return trim(num.of(l)), trim(opt.of(l)), nil
	}
	o := opt.of(l)
	end := strings.IndexByte(o, '<')
	if end < 0 {
		end = len(o)
	}
	if end < 2 {
		// A filler check digit with no continuation: the number is unchecked.
		return "", "", &Error{Code: CodeCheckDigit, Field: "document number", Line: cd.line + 1, Pos: cd.from + 1}
	}
	// The check digit covers the filler in the check digit position too (ICAO 9303-5
	// 4.2.4; cheminfo/mrz "D23145890<1240" → D23145890124, check digit 0).
	full := num.of(l) + o[:end-1]
	if CheckDigit(num.of(l)+"<"+o[:end-1]) != o[end-1] {
		return "", "", &Error{Code: CodeCheckDigit, Field: "document number", Line: opt.line + 1, Pos: opt.from + end}
	}
	return trim(full), strings.Trim(o[end:], "<"), nil
}

func dates(l []string, birth, birthCD, expiry, expiryCD field) error {
	for _, f := range []struct {
		name         string
		value, digit field
	}{{"birth date", birth, birthCD}, {"expiry date", expiry, expiryCD}} {
		if !validDate(f.value.of(l)) {
			return &Error{Code: CodeDate, Field: f.name, Line: f.value.line + 1, Pos: f.value.from + 1}
		}
		if err := checked(l, f.name, f.digit, f.value); err != nil {
			return err
		}
	}
	return nil
}

func validDate(s string) bool {
	for i := 0; i < 6; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	m := int(s[2]-'0')*10 + int(s[3]-'0')
	day := int(s[4]-'0')*10 + int(s[5]-'0')
	return m >= 1 && m <= 12 && day >= 1 && day <= 31
}

func sexOK(l []string, line, pos int) error {
	switch l[line][pos] {
	case 'M', 'F', '<', 'X':
		return nil
	}
	return &Error{Code: CodeSex, Line: line + 1, Pos: pos + 1}
}

func sex(c byte) string {
	if c == '<' {
		return "X"
	}
	return string(c)
}

func trim(s string) string { return strings.TrimRight(s, "<") }

// names splits the name field into primary and secondary identifiers.
func names(s string) (surname, given string) {
	s = strings.TrimRight(s, "<")
	p, g, _ := strings.Cut(s, "<<")
	clean := func(x string) string {
		return strings.Join(strings.FieldsFunc(x, func(r rune) bool { return r == '<' }), " ")
	}
	return clean(p), clean(g)
}
