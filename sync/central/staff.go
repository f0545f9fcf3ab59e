package central

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bawaba/bawaba/identity/staffpin"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// Field-staff accounts kept by central for every kiosk. `central staff add` hashes
// the PIN where it is typed and hands only the hash to the service; kiosks get the
// accounts with their configuration (wire.Config.Staff), so adding or removing one
// bumps the configuration's version and every kiosk has it at its next pull.

var (
	// ErrBadStaff is returned by AddStaff for an ID, name or PIN hash that
	// identity/staffpin refuses, or a hash of the older PBKDF2 form.
	ErrBadStaff = errors.New("central: bad staff account")
	// ErrNoStaff is returned by RemoveStaff for an ID central does not keep.
	ErrNoStaff = errors.New("central: no such staff account")
)

// StaffAccount is a field-staff account as central keeps it.
type StaffAccount struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	PINHash string    `json:"pin_hash"` // staffpin.Hash's string form
	Added   time.Time `json:"added"`
}

// AddStaff stores a staff account, replacing one with the same ID (a new PIN or
// name), and bumps the configuration so kiosks pull it. pinHash is a
// staffpin.Hash's string form (argon2id): the PIN never reaches the service.
func (a *Admin) AddStaff(ctx context.Context, id, name, pinHash string) error {
	h, err := staffpin.ParseHash(pinHash)
	switch {
	case !staffpin.ValidID(id):
		return fmt.Errorf("%w: id must be 1 to 12 digits", ErrBadStaff)
	case !staffpin.ValidName(name):
		return fmt.Errorf("%w: name must be 1 to 64 characters", ErrBadStaff)
	case err != nil:
		return fmt.Errorf("%w: %w", ErrBadStaff, err)
	case h.Legacy():
		return fmt.Errorf("%w: an argon2id PIN hash is needed, not the older PBKDF2 form", ErrBadStaff)
	}
	b, err := json.Marshal(StaffAccount{ID: id, Name: name, PINHash: h.String(), Added: a.now().UTC()})
	if err != nil {
		return fmt.Errorf("central: staff add %s: %w", id, err)
	}
	err = a.Store.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put(store.Staff, id, b); err != nil {
			return err
		}
		_, err := bumpConfig(tx)
		return err
	})
	if err != nil {
		return fmt.Errorf("central: staff add %s: %w", id, err)
	}
	return nil
}

// RemoveStaff deletes a staff account and bumps the configuration: kiosks let the
// ID in no more once they have pulled it (a kiosk offline keeps its last copy until
// it is back online).
func (a *Admin) RemoveStaff(ctx context.Context, id string) error {
	err := a.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Get(store.Staff, id); err != nil {
			return err
		}
		if err := tx.Delete(store.Staff, id); err != nil {
			return err
		}
		_, err := bumpConfig(tx)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %s", ErrNoStaff, clip(id))
	}
	if err != nil {
		return fmt.Errorf("central: staff remove %s: %w", clip(id), err)
	}
	return nil
}

// Staff lists the staff accounts in ID order.
func (a *Admin) Staff(ctx context.Context) ([]StaffAccount, error) {
	var out []StaffAccount
	err := a.Store.View(ctx, func(tx store.Tx) (err error) {
		out, err = listStaff(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("central: staff list: %w", err)
	}
	return out, nil
}

func listStaff(tx store.Tx) ([]StaffAccount, error) {
	out := []StaffAccount{}
	err := tx.Scan(store.Staff, "", 0, func(_ string, v []byte) error {
		var s StaffAccount
		if err := json.Unmarshal(v, &s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// configStaff is Config.Staff: what a kiosk needs of each account.
func configStaff(tx store.Tx) ([]wire.StaffAccount, error) {
	list, err := listStaff(tx)
	if err != nil {
		return nil, fmt.Errorf("central: staff accounts: %w", err)
	}
	var out []wire.StaffAccount
	for _, s := range list {
		out = append(out, wire.StaffAccount{ID: s.ID, Name: s.Name, PINHash: s.PINHash})
	}
	return out, nil
}
