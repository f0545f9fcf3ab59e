package register

import (
	"context"
	"errors"
	"testing"

	"github.com/bawaba/bawaba/devices/mrz"
)

// FuzzFillFromDocument feeds arbitrary document fields, as a broken or hostile
// reader could produce them: the wizard either takes an identity that passes the
// ID step or refuses with a typed error and changes nothing.
func FuzzFillFromDocument(f *testing.F) {
	f.Add("P", "GBR", "GBR", "X1234567", "", "", "900315")
	f.Add("ID", "SAU", "SAU", citizenID, "", "", "891210")
	f.Add("ID", "SAU", "EGY", "A0000000", residentID, "", "990230")
	f.Add("ID", "ARE", "ARE", "", "784199012345678", "", "000000")
	f.Add("P", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, code, issuer, nat, number, opt1, opt2, dob string) {
		h := newHarness(t)
		doc := mrz.Document{DocumentCode: code, Issuer: issuer, Nationality: nat, Number: number,
			Optional1: opt1, Optional2: opt2, BirthDate: dob}
		if len(dob) == 6 {
			for _, c := range dob {
				if c < '0' || c > '9' {
					doc.BirthDate = "" // mrz.Parse never yields a non-digit date
					break
				}
			}
		}
		err := h.w.FillFromDocument(doc)
		if err != nil {
			var ie *InvalidError
			if !errors.As(err, &ie) || h.w.Step() != StepIdentityType || h.w.Form().IDNumber != "" {
				t.Fatalf("refusal %v changed the form: step %s", err, h.w.Step())
			}
			return
		}
		if err := h.w.Next(context.Background()); err != nil {
			t.Fatalf("document accepted but its ID does not pass: %v", err)
		}
	})
}

// FuzzStepInput types arbitrary text into every text field: each step either
// advances or reports errors attached to its own fields, and never panics.
func FuzzStepInput(f *testing.F) {
	f.Add(citizenID, "0500000123", "a@b.co", "TestUser2026", testPass, testPass)
	f.Add("١٠٠٠٠٠٠٠١٦", "+966 50 000 0123", " x@y.sa ", "user", "pässwörd", "")
	f.Add("", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, id, mobile, email, user, pw, confirm string) {
		h := newHarness(t)
		h.walk(t, StepIDNumber)
		inputs := []struct {
			step   Step
			set    func()
			fields []Field
		}{
			{StepIDNumber, func() { h.w.Set(FieldIDNumber, id) }, []Field{FieldIDNumber, FieldNationality}},
			{StepBirthDate, func() { h.fill(t, StepBirthDate) }, []Field{FieldBirthDate}},
			{StepMobile, func() { h.w.Set(FieldMobile, mobile) }, []Field{FieldMobile}},
			{StepEmail, func() { h.w.Set(FieldEmail, email) }, []Field{FieldEmail}},
			{StepCredentials, func() {
				h.w.Set(FieldUsername, user)
				h.w.Set(FieldPassword, pw)
				h.w.Set(FieldConfirm, confirm)
			}, []Field{FieldUsername, FieldPassword, FieldConfirm}},
		}
		for _, in := range inputs {
			in.set()
			err := h.w.Next(context.Background())
			if err == nil {
				continue
			}
			var ie *InvalidError
			if !errors.As(err, &ie) || len(ie.Errors) == 0 || h.w.Step() != in.step {
				t.Fatalf("step %s: %v", in.step, err)
			}
			for _, fe := range ie.Errors {
				if !containsField(in.fields, fe.Field) || fe.Text.AR == "" || fe.Text.EN == "" {
					t.Fatalf("step %s: error %+v", in.step, fe)
				}
			}
			return
		}
	})
}

func containsField(fs []Field, f Field) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// FuzzCaptchaCheck: only the drawn code passes, whatever is typed.
func FuzzCaptchaCheck(f *testing.F) {
	f.Add("RJMW3")
	f.Add("rjmw3 ")
	f.Add("٣")
	f.Fuzz(func(t *testing.T, in string) {
		c := &Captcha{answer: "RJMW3"}
		if c.Check(in) && upperTrim(in) != "RJMW3" {
			t.Fatalf("Check(%q) passed", in)
		}
	})
}
