package staff

import (
	"fmt"
	"strings"

	"github.com/bawaba/bawaba/identity/staffpin"
	"github.com/bawaba/bawaba/sync/wire"
)

// LegacyID is the staff ID of the one account a kiosk configured with the older
// shared staff_pin_hash gets: staff sign in with ID 0 and the old PIN until
// the config lists accounts of their own.
const LegacyID = "0"

// Account is one staff member allowed onto the staff screen.
type Account struct {
	// ID is what the staff member types on the keypad: 1 to 12 digits.
	ID string
	// Name is shown on the staff screen and names nobody else; at most 64
	// characters.
	Name string
	// PIN is the hash of the staff member's PIN.
	PIN Hash
}

// ValidID reports whether id is a possible staff ID: 1 to 12 ASCII digits.
func ValidID(id string) bool { return staffpin.ValidID(id) }

// Directory is the set of staff accounts of a kiosk. The zero Directory has
// nobody in it (the staff screen cannot be opened).
type Directory struct {
	byID map[string]Account
}

// NewDirectory checks accounts and indexes them by ID.
func NewDirectory(accounts []Account) (Directory, error) {
	d := Directory{byID: make(map[string]Account, len(accounts))}
	for i, a := range accounts {
		switch {
		case !ValidID(a.ID):
			return Directory{}, fmt.Errorf("%w: [%d]: id must be 1 to 12 digits", ErrBadAccount, i)
		case !staffpin.ValidName(a.Name):
			return Directory{}, fmt.Errorf("%w: [%d] (id %s): name must be 1 to 64 characters", ErrBadAccount, i, a.ID)
		case a.PIN.IsZero():
			return Directory{}, fmt.Errorf("%w: [%d] (id %s): no PIN hash", ErrBadAccount, i, a.ID)
		}
		if _, dup := d.byID[a.ID]; dup {
			return Directory{}, fmt.Errorf("%w: [%d]: id %s used twice", ErrBadAccount, i, a.ID)
		}
		d.byID[a.ID] = a
	}
	return d, nil
}

// Len is the number of accounts.
func (d Directory) Len() int { return len(d.byID) }

// Lookup returns the account with id.
func (d Directory) Lookup(id string) (Account, bool) {
	a, ok := d.byID[id]
	return a, ok
}

// CentralDirectory makes a Directory of the accounts the central service hands out
// with its configuration (wire.Config.Staff). Central checked each one when it was
// added; one that does not pass here all the same (a damaged cached copy) is left
// out, named in the error by its staff ID, and the others are kept: one bad entry
// must not lock every staff member out of a kiosk in the field.
func CentralDirectory(list []wire.StaffAccount) (Directory, error) {
	d := Directory{byID: make(map[string]Account, len(list))}
	var bad []string
	for _, s := range list {
		h, err := ParseHash(s.PINHash)
		_, dup := d.byID[s.ID]
		if err != nil || !ValidID(s.ID) || !staffpin.ValidName(s.Name) || dup {
			bad = append(bad, clipID(s.ID))
			continue
		}
		d.byID[s.ID] = Account{ID: s.ID, Name: s.Name, PIN: h}
	}
	if len(bad) > 0 {
		return d, fmt.Errorf("%w: from central: %s left out", ErrBadAccount, strings.Join(bad, ", "))
	}
	return d, nil
}

// clipID bounds an ID from outside before it goes into an error.
func clipID(id string) string {
	if !ValidID(id) {
		return "(invalid ID)"
	}
	return id
}
