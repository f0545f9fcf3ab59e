// Package docreadersim simulates a serial MRZ document reader: Insert puts a
// document's MRZ on the line in one of the framings real readers use (Desko STX/ETX,
// 3M SOH…ETX+BCC bottom-aligned, "OCR LINE n:" text, bare CR lines ended by
// silence). Samples are ICAO specimens and synthetic "TEST RESIDENT" documents.
package docreadersim

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/simport"
)

// Framing is how the simulated reader wraps the MRZ lines.
type Framing int

// Framings.
const (
	STXETX   Framing = iota // STX line CR line CR [line CR] ETX (Desko)
	ThreeM                  // SOH len "OU" STX flag, 3 CR lines padded with '_', ETX BCC
	Labelled                // START / OCR LINE n: … / END, LF separated
	Bare                    // lines + CR, no end marker: the driver ends on the gap
)

// Sim is a simulated document reader.
type Sim struct {
	simport.Emitter
	Framing Framing
}

var samples = map[string][]string{
	"td3-sample": {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
	"td1-sample": {"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
}

func init() {
	for name, d := range map[string]mrz.Document{
		"td3-test-resident": {Format: mrz.TD3, DocumentCode: "P", Issuer: "SAU", Number: "T01234567", Surname: "TEST",
			GivenNames: "RESIDENT", Nationality: "SAU", BirthDate: "900101", Sex: "M", ExpiryDate: "310101", Optional1: "1000000008"},
		"td1-test-resident": {Format: mrz.TD1, DocumentCode: "ID", Issuer: "SAU", Number: "1000000008", Surname: "TEST",
			GivenNames: "RESIDENT", Nationality: "SAU", BirthDate: "900101", Sex: "F", ExpiryDate: "310101"},
		"td2-test-visitor": {Format: mrz.TD2, DocumentCode: "V", Issuer: "SAU", Number: "V98765432", Surname: "TEST",
			GivenNames: "VISITOR", Nationality: "UTO", BirthDate: "850615", Sex: "M", ExpiryDate: "270615"},
	} {
		lines, err := mrz.Compose(d)
		if err != nil {
			panic(err)
		}
		samples[name] = lines
	}
	// A misread: one character of the passport's birth date came out wrong.
	bad := []byte(samples["td3-sample"][1])
	bad[15] = '8'
	samples["misread"] = []string{samples["td3-sample"][0], string(bad)}
}

// Samples lists the document names Insert accepts.
func Samples() []string {
	var names []string
	for n := range samples {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Sample returns the MRZ lines of a named sample.
func Sample(name string) ([]string, bool) {
	l, ok := samples[name]
	return append([]string(nil), l...), ok
}

// Insert reads a named sample document.
func (s *Sim) Insert(name string) error {
	lines, ok := samples[name]
	if !ok {
		return fmt.Errorf("docreadersim: unknown document %q (have %s)", name, strings.Join(Samples(), ", "))
	}
	return s.InsertLines(lines)
}

// InsertLines reads a document with the given MRZ lines. With bad checksums on,
// the last check digit is altered, as a misread would.
func (s *Sim) InsertLines(lines []string) error {
	lines = append([]string(nil), lines...)
	if s.BadChecksums() {
		last := []byte(lines[len(lines)-1])
		if len(lines) == 3 {
			last = []byte(lines[1])
		}
		i := len(last) - 1
		last[i] = '0' + (last[i]-'0'+1)%10
		if len(lines) == 3 {
			lines[1] = string(last)
		} else {
			lines[len(lines)-1] = string(last)
		}
	}
	return s.Emit(Frame(s.Framing, lines))
}

// Frame wraps MRZ lines as a reader using framing f sends them.
func Frame(f Framing, lines []string) []byte {
	switch f {
	case ThreeM:
		// Always three CR-terminated lines, the bottom MRZ line last: a passport's
		// first line is empty. Short lines are padded with '_' to the field width.
		if len(lines) == 2 {
			lines = append([]string{""}, lines...)
		}
		body := []byte("45OU\x020")
		for _, l := range lines {
			width := 30
			if len(l) > 30 {
				width = 44
			}
			if l != "" && len(l) < width {
				l += strings.Repeat("_", width-len(l))
			}
			body = append(body, l+"\r"...)
		}
		body = append(body, mrz.ETX)
		var bcc byte
		for _, c := range body {
			bcc ^= c
		}
		return append(append([]byte{mrz.SOH}, body...), bcc)
	case Labelled:
		var b strings.Builder
		b.WriteString("START\n")
		for i := range 3 {
			fmt.Fprintf(&b, "OCR LINE %d:", i+1)
			if i < len(lines) {
				b.WriteString(" " + lines[i])
			}
			b.WriteString("\n")
		}
		b.WriteString("MSR LINE 1:\nEND\n")
		return []byte(b.String())
	case Bare:
		return []byte(strings.Join(lines, "\r") + "\r")
	}
	return []byte("\x02" + strings.Join(lines, "\r") + "\r\x03")
}
