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

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/identity/luhn"
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
	// by CardToken, bankcard.Token under central's secret card-token key, and
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
	case !ValidID(p.IDType, p.IDNumber, p.Nationality):
		return Person{}, fmt.Errorf("%w: invalid ID number or nationality for type %q", ErrRegistry, p.IDType)
	case !validBirth(p):
		return Person{}, fmt.Errorf("%w: %s: birth_gregorian is not a Gregorian date, or birth_hijri is not the same day", ErrRegistry, p.IDNumber)
	case p.Mobile != "" && !identity.IsE164Mobile(p.Mobile):
		return Person{}, fmt.Errorf("%w: %s: mobile is not E.164", ErrRegistry, p.IDNumber)
	case p.Name.AR == "" || p.Name.EN == "":
		return Person{}, fmt.Errorf("%w: %s: name needs Arabic and English", ErrRegistry, p.IDNumber)
	case p.CardToken != "" || p.CardMasked != "":
		return Person{}, fmt.Errorf("%w: %s: card_token and card_masked are central's to derive", ErrRegistry, p.IDNumber)
	case p.CardPAN != "" && !bankcard.ValidPAN(p.CardPAN):
		// The message leaves the number out: it would end up in an operator's log.
		return Person{}, fmt.Errorf("%w: %s: card_pan is not a Luhn-valid card number", ErrRegistry, p.IDNumber)
	}
	return p, nil
}

// validBirth reports whether the person's Gregorian birth date is a real date and
// their Hijri one, when the file gives it, the same day by identity/hijri (the
// table the kiosk converts with). The Gregorian date is the registry's truth;
// BirthMatches converts a Hijri date the person typed to compare with it.
func validBirth(p Person) bool {
	g, err := identityDate(p.BirthGregorian)
	if err != nil || g.Calendar != identity.Gregorian {
		return false
	}
	if p.BirthHijri == (wire.Date{}) {
		return true
	}
	h, err := identityDate(p.BirthHijri)
	if err != nil || h.Calendar != identity.Hijri {
		return false
	}
	// A Gregorian date outside the Hijri table cannot have a Hijri twin.
	hg, err := h.In(identity.Gregorian)
	return err == nil && hg == g
}

// tokenizeCard replaces the person's card number by its token and masked form.
func tokenizeCard(p *Person, key []byte) {
	if p.CardPAN != "" {
		p.CardToken, p.CardMasked, p.CardPAN = bankcard.Token(key, p.CardPAN), bankcard.Mask(p.CardPAN), ""
	}
}

// LoadRegistry reads registry lines from r and stores every person (replacing one
// with the same ID number), their mobile number's owner and their card's holder
// (store.CardHolders). It returns how many
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
		if p.CardToken != "" {
			if err := tx.Put(store.CardHolders, p.CardToken, []byte(p.IDNumber)); err != nil {
				return 0, err
			}
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

// ValidID reports whether id is a valid, already normalised document number of
// the wire identity type idType (wire.IDCitizen …), with nationality (ISO alpha-2 or
// alpha-3, "" when not given) allowed for it. It is identity.ParseID, the code the
// kiosk validates with, so a number the kiosk accepts is accepted here and one it
// refuses is refused; it adds only that the number must be in the normalised form
// ParseID returns, which is what a kiosk sends.
func ValidID(idType, id, nationality string) bool {
	kind, ok := identity.IDTypeFromCode(idType)
	if !ok {
		return false
	}
	parsed, err := identity.ParseID(kind, id, nationality)
	return err == nil && parsed.Number == id
}

var arabicDigits = strings.NewReplacer("0", "٠", "1", "١", "2", "٢", "3", "٣", "4", "٤", "5", "٥", "6", "٦", "7", "٧", "8", "٨", "9", "٩")

var residentNationalities = []string{"EG", "IN", "PK", "PH", "YE", "SD", "JO", "BD"}

// Generate writes n clearly synthetic people as registry lines: even numbers are
// citizens ("مواطن تجريبي ٢" / "Test Citizen 2"), odd numbers residents; person i
// has mobile +9665500000ii (locally 05500000ii), the fingerprint of the finger named
// by their ID number (biometric.SyntheticTemplate; every tenth person has none on record)
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
	p.IDNumber += string(luhn.Digit(p.IDNumber))
	dob := time.Date(1950, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, (i*7919)%(50*365))
	p.BirthGregorian = wire.Date{Calendar: wire.CalendarGregorian, Year: dob.Year(), Month: int(dob.Month()), Day: dob.Day()}
	if h, err := identity.DateOf(identity.Hijri, dob); err == nil {
		p.BirthHijri = wire.Date{Calendar: wire.CalendarHijri, Year: h.Year, Month: h.Month, Day: h.Day}
	}
	if i%10 != 0 {
		p.Fingerprint = biometric.SyntheticTemplate(p.IDNumber)
	}
	pan := "400000" + fmt.Sprintf("%09d", i%1_000_000_000)
	p.CardPAN = pan + string(luhn.Digit(pan))
	return p
}

// BirthMatches reports whether d, in either calendar, is the person's birth date.
// A Hijri date is converted with identity (identity/hijri's Umm al-Qura table, the
// one the kiosk shows the other calendar with) and compared with the registry's
// Gregorian date, so a person who types the date in Hijri is matched by the same
// table that showed them its Gregorian twin.
func (p Person) BirthMatches(d wire.Date) bool {
	typed, err := identityDate(d)
	if err != nil {
		return false
	}
	g, err := typed.In(identity.Gregorian)
	if err != nil {
		return false
	}
	born, err := identityDate(p.BirthGregorian)
	return err == nil && born.Calendar == identity.Gregorian && g == born
}

// identityDate reads a wire date into a validated identity.Date.
func identityDate(d wire.Date) (identity.Date, error) {
	var cal identity.Calendar
	switch d.Calendar {
	case wire.CalendarGregorian:
		cal = identity.Gregorian
	case wire.CalendarHijri:
		cal = identity.Hijri
	default:
		return identity.Date{}, identity.Error{Code: identity.CodeDateCalendar, Field: identity.FieldDate}
	}
	return identity.NewDate(cal, d.Year, d.Month, d.Day)
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
