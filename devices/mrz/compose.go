package mrz

import (
	"fmt"
	"strings"
)

// Compose writes d as MRZ lines with every check digit computed, the inverse of
// Parse. Simulators use it to print synthetic documents. Text must already be in the
// MRZ character set (upper-case Latin, digits); names are truncated to fit.
func Compose(d Document) ([]string, error) {
	name := func(width int) string {
		s := strings.ReplaceAll(d.Surname, " ", "<") + "<<" + strings.ReplaceAll(d.GivenNames, " ", "<")
		return pad(s, width)
	}
	sx := d.Sex
	if sx == "X" || sx == "" {
		sx = "<"
	}
	switch d.Format {
	case TD3:
		l1 := pad(d.DocumentCode, 2) + pad(d.Issuer, 3) + name(39)
		num := pad(d.Number, 9)
		opt := pad(d.Optional1, 14)
		optCD := string(CheckDigit(opt))
		if d.Optional1 == "" {
			optCD = "<"
		}
		l2 := num + cd(num) + pad(d.Nationality, 3) + d.BirthDate + cd(d.BirthDate) + sx +
			d.ExpiryDate + cd(d.ExpiryDate) + opt + optCD
		l2 += cd(l2[0:10] + l2[13:20] + l2[21:43])
		return check([]string{l1, l2})
	case TD2:
		l1 := pad(d.DocumentCode, 2) + pad(d.Issuer, 3) + name(31)
		num, opt := longParts(d.Number, d.Optional1, 9, 7)
		l2 := num + pad(d.Nationality, 3) + d.BirthDate + cd(d.BirthDate) + sx +
			d.ExpiryDate + cd(d.ExpiryDate) + opt
		l2 += cd(l2[0:10] + l2[13:20] + l2[21:35])
		return check([]string{l1, l2})
	case TD1:
		num, opt := longParts(d.Number, d.Optional1, 9, 15)
		l1 := pad(d.DocumentCode, 2) + pad(d.Issuer, 3) + num + opt
		l2 := d.BirthDate + cd(d.BirthDate) + sx + d.ExpiryDate + cd(d.ExpiryDate) +
			pad(d.Nationality, 3) + pad(d.Optional2, 11)
		l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
		return check([]string{l1, l2, name(30)})
	}
	return nil, fmt.Errorf("mrz: compose: unknown format %d", d.Format)
}

// longParts lays out a document number with its check digit, overflowing into the
// optional data the way Parse reads it back.
func longParts(number, optional string, width, optWidth int) (num, opt string) {
	if len(number) <= width {
		n := pad(number, width)
		return n + cd(n), pad(optional, optWidth)
	}
	return number[:width] + "<", pad(number[width:]+cd(number[:width]+"<"+number[width:])+"<"+optional, optWidth)
}

func cd(s string) string { return string(CheckDigit(s)) }

func pad(s string, n int) string {
	if len(s) >= n {
		return s[:n]
	}
	return s + strings.Repeat("<", n-len(s))
}

func check(lines []string) ([]string, error) {
	if _, err := Parse(lines); err != nil {
		return nil, fmt.Errorf("mrz: compose: %w", err)
	}
	return lines, nil
}
