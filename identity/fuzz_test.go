package identity

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bawaba/bawaba/identity/luhn"
)

// Every parser of outside input: never panics, fails only with an Error that
// has a known code, and its output is a fixed point (parsing the normalised
// form gives the same value).

func requireCoded(t *testing.T, err error) {
	t.Helper()
	var e Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an identity.Error", err)
	}
	if !hasMessage(e.Code) {
		t.Fatalf("error code %q has no message", e.Code)
	}
}

func FuzzParseID(f *testing.F) {
	for _, s := range [][3]any{
		{int(NationalID), "1058529940", ""}, {int(Iqama), "٢٠٠٠٠٠٠٠٠٦", "pak"}, {int(BorderNumber), "3123456789", ""},
		{int(Passport), " a1234567 ", "D"}, {int(GCCID), "784-1990-1234567-0", "ARE"}, {int(GCCID), "12345678", "OMN"},
		{99, "", ""}, {int(NationalID), "\u200f1٠۵8529940", "SAU"},
	} {
		f.Add(s[0].(int), s[1].(string), s[2].(string))
	}
	f.Fuzz(func(t *testing.T, kind int, raw, nat string) {
		id, err := ParseID(IDType(kind), raw, nat)
		if err != nil {
			requireCoded(t, err)
			return
		}
		if id.Type != IDType(kind) || id.Number == "" {
			t.Fatalf("bad ID %+v", id)
		}
		again, err := ParseID(id.Type, id.Number, id.Nationality)
		if err != nil || again != id {
			t.Fatalf("not a fixed point: %+v -> %+v, %v", id, again, err)
		}
		if (id.Type == NationalID || id.Type == Iqama) && !luhn.Valid(id.Number) {
			t.Fatalf("accepted %s failing Luhn", id.Type)
		}
	})
}

func FuzzParseMobile(f *testing.F) {
	for _, s := range []string{"0501234567", "+966 (50) 123-4567", "00966501234567", "٠٥٠١٢٣٤٥٦٧", "۰۵۰۱۲۳۴۵۶۷",
		"+447911123456", "+1 202 555 0143", "+", "00", "9660501234567", "+999123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		m, err := ParseMobile(raw)
		if err != nil {
			requireCoded(t, err)
			return
		}
		e := m.E164()
		if n := len(e) - 1; n < 8 || n > 15 || !allDigits(e[1:]) {
			t.Fatalf("E164 %q is not E.164", e)
		}
		for _, s := range []string{e, m.Local()} {
			if again, err := ParseMobile(s); err != nil || again != m {
				t.Fatalf("%q re-parses to %q, %v", s, again.E164(), err)
			}
		}
		if m.IsSaudi() && (len(e) != 13 || e[4] != '5') {
			t.Fatalf("Saudi mobile %q", e)
		}
	})
}

func FuzzParseEmail(f *testing.F) {
	for _, s := range []string{"test.resident@example.com", " A@B.CO ", "a..b@c.de", "x@[1.2.3.4]", "مستخدم@example.com", "@", "a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		e, err := ParseEmail(raw)
		if err != nil {
			requireCoded(t, err)
			return
		}
		if len(e) > maxEmail || strings.ContainsAny(e, " \t\r\n") || strings.Count(e, "@") != 1 {
			t.Fatalf("accepted %q", e)
		}
		for i := 0; i < len(e); i++ {
			if e[i] >= 0x80 {
				t.Fatalf("accepted non-ASCII %q", e)
			}
		}
		if again, err := ParseEmail(e); err != nil || again != e {
			t.Fatalf("not a fixed point: %q -> %q, %v", e, again, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1990-05-17", "17/05/1990", "١٤١٠/٠٩/٠١", "29/02/1900", "1445-11-30", "1500-12-30", "1356-01-01", "1300-01-01", "1600-12-30", "1299-12-29", "30/06/1396", "--", "9999-99-99"} {
		f.Add(int(Gregorian), s)
		f.Add(int(Hijri), s)
	}
	f.Fuzz(func(t *testing.T, cal int, raw string) {
		d, err := ParseDate(Calendar(cal), raw)
		if err != nil {
			requireCoded(t, err)
			return
		}
		if again, err := ParseDate(d.Calendar, d.String()); err != nil || again != d {
			t.Fatalf("%v does not re-parse: %v, %v", d, again, err)
		}
		other := Hijri
		if d.Calendar == Hijri {
			other = Gregorian
		}
		c, err := d.In(other)
		if err != nil {
			requireCoded(t, err)
			return
		}
		if back, err := c.In(d.Calendar); err != nil || back != d {
			t.Fatalf("%v -> %v -> %v, %v", d, c, back, err)
		}
	})
}

func FuzzAge(f *testing.F) {
	f.Add(int(Hijri), 1410, 9, 1, int64(1710147600))
	f.Add(int(Gregorian), 1996, 2, 29, int64(1677628800))
	f.Fuzz(func(t *testing.T, cal, y, m, d int, now int64) {
		dob, err := NewDate(Calendar(cal), y, m, d)
		if err != nil {
			requireCoded(t, err)
			return
		}
		today := time.Unix(now%(1<<36), 0).UTC()
		for _, c := range []Calendar{Gregorian, Hijri} {
			age, err := AgeIn(c, dob, today)
			if err != nil {
				requireCoded(t, err)
				continue
			}
			if age < 0 || age > 210 {
				t.Fatalf("age %d", age)
			}
		}
		if err := CheckDateOfBirth(Citizen, dob, today, 15); err != nil {
			requireCoded(t, err)
		}
	})
}

func FuzzCheckAddress(f *testing.F) {
	f.Add("2929", "طريق الملك فهد", "العليا", "الرياض", "12214", "7788", "RRRD2929")
	f.Add(" ٢٩٢٩", "King Fahd Rd.", "  ", "x\x00", "۱۲۲۱۴", "", "rrrd ٢٩٢٩")
	f.Fuzz(func(t *testing.T, b, s, d, c, p, a, sh string) {
		out, errs := CheckAddress(Address{b, s, d, c, p, a, sh})
		for _, e := range errs {
			requireCoded(t, e)
		}
		if len(errs) > 0 {
			return
		}
		again, errs := CheckAddress(out)
		if len(errs) > 0 || again != out {
			t.Fatalf("not a fixed point: %+v -> %+v, %v", out, again, errs)
		}
	})
}

func FuzzCheckPassword(f *testing.F) {
	f.Add("Kiosk#2024", "Kiosk#2024", "TestUser1")
	f.Add("", "", "")
	f.Add("aaaaa", "b", "aaaaa")
	f.Add("Kiosk #٢٠٢٤", "x", "مستخدم")
	f.Fuzz(func(t *testing.T, pw, confirm, user string) {
		got := CheckPassword(pw, confirm, user)
		if !slices.Equal(got, CheckPassword(pw, confirm, user)) {
			t.Fatal("not deterministic")
		}
		// Violations are a subsequence of the rules, in order, each once.
		rules, i := PasswordRules(), 0
		for _, e := range got {
			for i < len(rules) && rules[i] != e.Code {
				i++
			}
			if i == len(rules) {
				t.Fatalf("violations %v out of rule order", codes(got))
			}
			i++
		}
		// Cross-check the verdict against the rules stated directly.
		has := func(c Code) bool { return slices.ContainsFunc(got, func(e Error) bool { return e.Code == c }) }
		if has(CodePasswordLength) != (utf8.RuneCountInString(pw) < 8) {
			t.Fatalf("length verdict wrong for %d runes", utf8.RuneCountInString(pw))
		}
		if has(CodePasswordConfirm) != (pw != confirm) {
			t.Fatal("confirm verdict wrong")
		}
		if !has(CodePasswordChars) && strings.ContainsFunc(pw, func(r rune) bool { return r <= ' ' || r > '~' }) {
			t.Fatal("accepted a non-English character")
		}
		if len(got) == 0 {
			if !strings.ContainsAny(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") || !strings.ContainsAny(pw, "abcdefghijklmnopqrstuvwxyz") {
				t.Fatal("accepted without both cases")
			}
			lp, lu := strings.ToLower(pw), strings.ToLower(user)
			for k := 0; k+5 <= len(lp); k++ {
				if strings.Contains(lu, lp[k:k+5]) {
					t.Fatalf("accepted a 5-character run of the username")
				}
			}
		}
		CheckUsername(user)
	})
}

func FuzzParseShortAddressAndNationality(f *testing.F) {
	f.Add("RRRD2929")
	f.Add("sau")
	f.Add("D")
	f.Fuzz(func(t *testing.T, raw string) {
		if s, err := ParseShortAddress(raw); err != nil {
			requireCoded(t, err)
		} else if again, err := ParseShortAddress(s); err != nil || again != s {
			t.Fatalf("short address %q not a fixed point", s)
		}
		if n, err := ParseNationality(raw); err != nil {
			requireCoded(t, err)
		} else if again, err := ParseNationality(n); err != nil || again != n {
			t.Fatalf("nationality %q not a fixed point", n)
		}
	})
}
