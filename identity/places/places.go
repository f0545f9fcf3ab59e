package places

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// maxName is the longest place name accepted, in characters: the longest
// street, district or city name identity.CheckAddress accepts.
const maxName = 100

// ErrData is wrapped by Parse's errors: the data is not a valid directory.
// The error names the line.
var ErrData = errors.New("places: invalid data")

// Place is a city or a district.
type Place struct {
	// Code is the stable key ("riyadh", "riyadh.olaya").
	Code string
	AR   string // the Arabic name
	EN   string // the English name
}

// Name is the place's name in lang ("ar" or "en"; anything else is Arabic,
// the kiosk's first language).
func (p Place) Name(lang string) string {
	if lang == "en" {
		return p.EN
	}
	return p.AR
}

// Directory is a parsed list of cities and their districts. It is read-only
// once built and safe for concurrent use.
type Directory struct {
	cities    []Place
	districts map[string][]Place // by city code
	byCode    map[string]Place
}

//go:embed places.tsv
var embedded []byte

var (
	defaultOnce sync.Once
	defaultDir  *Directory
)

// Default is the embedded directory. The file is checked by the package's
// tests, so a parse error here is a build defect and panics.
func Default() *Directory {
	defaultOnce.Do(func() {
		d, err := Parse(embedded)
		if err != nil {
			panic(err)
		}
		defaultDir = d
	})
	return defaultDir
}

// Parse reads a directory in the places.tsv format: lines of four
// TAB-separated fields, "C" or "D", the code, the Arabic name and the English
// name; blank lines and lines starting with '#' are skipped. A district
// follows its city and its code is the city's code, '.', and its own part.
func Parse(data []byte) (*Directory, error) {
	d := &Directory{districts: map[string][]Place{}, byCode: map[string]Place{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	city := ""
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || line[0] == '#' {
			continue
		}
		bad := func(why string) error { return fmt.Errorf("%w: line %d: %s", ErrData, n, why) }
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, bad("want 4 TAB-separated fields")
		}
		p := Place{Code: f[1], AR: strings.TrimSpace(f[2]), EN: strings.TrimSpace(f[3])}
		if err := checkName(p.AR); err != "" {
			return nil, bad("Arabic name " + err)
		}
		if err := checkName(p.EN); err != "" {
			return nil, bad("English name " + err)
		}
		if _, dup := d.byCode[p.Code]; dup {
			return nil, bad("code " + p.Code + " defined twice")
		}
		switch f[0] {
		case "C":
			if !validPart(p.Code) {
				return nil, bad("city code must be 1-40 of a-z, 0-9, '-'")
			}
			city = p.Code
			d.cities = append(d.cities, p)
		case "D":
			parent, own, ok := strings.Cut(p.Code, ".")
			if !ok || !validPart(own) {
				return nil, bad("district code must be CITY.PART")
			}
			if parent != city {
				return nil, bad("district " + p.Code + " does not follow its city")
			}
			d.districts[city] = append(d.districts[city], p)
		default:
			return nil, bad("kind must be C or D")
		}
		d.byCode[p.Code] = p
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrData, err)
	}
	if len(d.cities) == 0 {
		return nil, fmt.Errorf("%w: no cities", ErrData)
	}
	return d, nil
}

func checkName(s string) string {
	switch {
	case s == "":
		return "is empty"
	case !utf8.ValidString(s):
		return "is not UTF-8"
	case utf8.RuneCountInString(s) > maxName:
		return "is too long"
	}
	return ""
}

func validPart(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Cities lists the cities in file order (the biggest first). The slice is
// shared: do not modify it.
func (d *Directory) Cities() []Place { return d.cities }

// Districts lists the districts of a city in file order; nil for an unknown
// city. The slice is shared: do not modify it.
func (d *Directory) Districts(city string) []Place { return d.districts[city] }

// City returns the city with code.
func (d *Directory) City(code string) (Place, bool) {
	p, ok := d.byCode[code]
	return p, ok && !strings.Contains(code, ".")
}

// District returns the district with code ("city.part").
func (d *Directory) District(code string) (Place, bool) {
	p, ok := d.byCode[code]
	return p, ok && strings.Contains(code, ".")
}

// InCity reports whether district is a district of city.
func InCity(district, city string) bool {
	c, _, ok := strings.Cut(district, ".")
	return ok && c == city
}
