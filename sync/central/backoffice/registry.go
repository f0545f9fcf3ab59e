package backoffice

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	hijri "github.com/hablullah/go-hijri"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// Person is one entry of the population registry, one JSON object per line in a
// registry file.
type Person struct {
	IDNumber    string    `json:"id_number"`
	IDType      string    `json:"id_type"`
	Name        wire.Text `json:"name"`
	Nationality string    `json:"nationality"`
	// BirthGregorian and BirthHijri are the same day in both calendars.
	BirthGregorian wire.Date `json:"birth_gregorian"`
	BirthHijri     wire.Date `json:"birth_hijri"`
	// Mobile is the number registered to the person at their telecom operator.
	Mobile string `json:"mobile"`
	// Fingerprint is the template on record; empty for people without one.
	Fingerprint []byte `json:"fingerprint,omitempty"`
	// CardPAN is a synthetic bank card number in the file. LoadRegistry replaces it
	// by CardToken, wire.CardToken under central's secret card-token key, and
	// CardMasked, so the store never holds the number. A file may not give the
	// derived fields itself.
	CardPAN    string `json:"card_pan,omitempty"`
	CardToken  string `json:"card_token,omitempty"`
	CardMasked string `json:"card_masked,omitempty"`
	// Synthetic must be true: the loader refuses anything else.
	Synthetic bool `json:"synthetic"`
}

// ErrRegistry is returned by LoadRegistry for a line that is not a valid synthetic
// person; nothing from that file is stored.
var ErrRegistry = errors.New("backoffice: invalid registry line")

// ParsePerson parses and checks one registry line.
func ParsePerson(line []byte) (Person, error) {
	var p Person
	dec := json.NewDecoder(strings.NewReader(string(line)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil || dec.More() {
		return Person{}, fmt.Errorf("%w: not a JSON person", ErrRegistry)
	}
	switch {
	case !p.Synthetic:
		return Person{}, fmt.Errorf("%w: %s: not marked synthetic", ErrRegistry, p.IDNumber)
	case !ValidID(p.IDType, p.IDNumber):
		return Person{}, fmt.Errorf("%w: invalid ID number for type %q", ErrRegistry, p.IDType)
	case p.Mobile != "" && !wire.ValidMobile(p.Mobile):
		return Person{}, fmt.Errorf("%w: %s: mobile is not E.164", ErrRegistry, p.IDNumber)
	case p.Name.AR == "" || p.Name.EN == "":
		return Person{}, fmt.Errorf("%w: %s: name needs Arabic and English", ErrRegistry, p.IDNumber)
	case p.CardToken != "" || p.CardMasked != "":
		return Person{}, fmt.Errorf("%w: %s: card_token and card_masked are central's to derive", ErrRegistry, p.IDNumber)
	case p.CardPAN != "" && !validPAN(p.CardPAN):
		// The message leaves the number out: it would end up in an operator's log.
		return Person{}, fmt.Errorf("%w: %s: card_pan is not a Luhn-valid card number", ErrRegistry, p.IDNumber)
	}
	return p, nil
}

// validPAN reports whether s is 12–19 digits with a valid Luhn check digit.
func validPAN(s string) bool {
	return len(s) >= 12 && len(s) <= 19 && strings.Trim(s, "0123456789") == "" && Luhn(s)
}

// tokenizeCard replaces the person's card number by its token and masked form.
func tokenizeCard(p *Person, key []byte) {
	if p.CardPAN != "" {
		p.CardToken, p.CardMasked, p.CardPAN = wire.CardToken(key, p.CardPAN), wire.MaskPAN(p.CardPAN), ""
	}
}

// LoadRegistry reads registry lines from r and stores every person (replacing one
// with the same ID number) and their mobile number's owner. It returns how many
// people it stored.
func LoadRegistry(tx store.Tx, r io.Reader) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	key, err := CardTokenKey(tx)
	if err != nil {
		return 0, err
	}
	n := 0
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		p, err := ParsePerson(sc.Bytes())
		if err != nil {
			return 0, fmt.Errorf("line %d: %w", line, err)
		}
		tokenizeCard(&p, key)
		if err := putJSON(tx, store.People, p.IDNumber, p); err != nil {
			return 0, err
		}
		if p.Mobile != "" {
			if err := tx.Put(store.Mobiles, p.Mobile, []byte(p.IDNumber)); err != nil {
				return 0, err
			}
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("backoffice: read registry: %w", err)
	}
	return n, nil
}

// ValidID checks an ID number's shape for its type and, for 10-digit national IDs,
// iqamas and border numbers, the Luhn check digit.
func ValidID(idType, id string) bool {
	digits := len(id) == 10 && strings.Trim(id, "0123456789") == ""
	switch idType {
	case wire.IDCitizen:
		return digits && id[0] == '1' && Luhn(id)
	case wire.IDResident:
		return digits && id[0] == '2' && Luhn(id)
	case wire.IDBorder:
		return digits && (id[0] == '3' || id[0] == '4') && Luhn(id)
	case wire.IDVisitor, wire.IDGCC:
		return len(id) >= 5 && len(id) <= 20 && strings.Trim(strings.ToUpper(id), "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == ""
	}
	return false
}

// Luhn reports whether the digit string s ends in a valid Luhn check digit.
func Luhn(s string) bool {
	if len(s) < 2 {
		return false
	}
	return luhnDigit(s[:len(s)-1]) == s[len(s)-1]
}

// luhnDigit computes the check digit to append to the digit string s.
func luhnDigit(s string) byte {
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-1-i)%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

var arabicDigits = strings.NewReplacer("0", "٠", "1", "١", "2", "٢", "3", "٣", "4", "٤", "5", "٥", "6", "٦", "7", "٧", "8", "٨", "9", "٩")

var residentNationalities = []string{"EG", "IN", "PK", "PH", "YE", "SD", "JO", "BD"}

// Generate writes n clearly synthetic people as registry lines: even numbers are
// citizens ("مواطن تجريبي ٢" / "Test Citizen 2"), odd numbers residents; person i
// has mobile +9665500000ii (locally 05500000ii), the fingerprint of the finger named
// by their ID number (wire.SyntheticTemplate; every tenth person has none on record)
// and test card 400000 000000000i + Luhn digit (the card reader simulator's
// cardreadersim.TestPAN("400000", i)), which LoadRegistry tokenises.
func Generate(w io.Writer, n int) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := 1; i <= n; i++ {
		if err := enc.Encode(SyntheticPerson(i)); err != nil {
			return fmt.Errorf("backoffice: generate: %w", err)
		}
	}
	return bw.Flush()
}

// SyntheticPerson is person i of Generate (i >= 1).
func SyntheticPerson(i int) Person {
	num := strconv.Itoa(i)
	p := Person{Synthetic: true, Mobile: fmt.Sprintf("+96655%07d", i%10_000_000)}
	body := fmt.Sprintf("%08d", i%100_000_000)
	if i%2 == 0 {
		p.IDType, p.Nationality = wire.IDCitizen, "SA"
		p.IDNumber = "1" + body
		p.Name = wire.Text{AR: "مواطن تجريبي " + arabicDigits.Replace(num), EN: "Test Citizen " + num}
	} else {
		p.IDType, p.Nationality = wire.IDResident, residentNationalities[i%len(residentNationalities)]
		p.IDNumber = "2" + body
		p.Name = wire.Text{AR: "مقيم تجريبي " + arabicDigits.Replace(num), EN: "Test Resident " + num}
	}
	p.IDNumber += string(luhnDigit(p.IDNumber))
	dob := time.Date(1950, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, (i*7919)%(50*365))
	p.BirthGregorian = wire.Date{Calendar: wire.CalendarGregorian, Year: dob.Year(), Month: int(dob.Month()), Day: dob.Day()}
	if h, err := hijri.CreateUmmAlQuraDate(dob); err == nil {
		p.BirthHijri = wire.Date{Calendar: wire.CalendarHijri, Year: int(h.Year), Month: int(h.Month), Day: int(h.Day)}
	}
	if i%10 != 0 {
		p.Fingerprint = wire.SyntheticTemplate(p.IDNumber)
	}
	pan := "400000" + fmt.Sprintf("%09d", i%1_000_000_000)
	p.CardPAN = pan + string(luhnDigit(pan))
	return p
}

// BirthMatches reports whether d, in either calendar, is the person's birth date.
func (p Person) BirthMatches(d wire.Date) bool {
	switch d.Calendar {
	case wire.CalendarGregorian:
		return d == p.BirthGregorian
	case wire.CalendarHijri:
		return d == p.BirthHijri
	}
	return false
}

// Masked is the person's name with all but the first letter of each word hidden,
// for a person to confirm "is this you?" without disclosing the name.
func (p Person) Masked() wire.Text {
	return wire.Text{AR: maskWords(p.Name.AR), EN: maskWords(p.Name.EN)}
}

func maskWords(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r := []rune(w)
		words[i] = string(r[0]) + "***"
	}
	return strings.Join(words, " ")
}
