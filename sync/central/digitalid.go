package central

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store"
)

// ErrNoPerson is returned by IssueID for an ID number not in the registry.
var ErrNoPerson = errors.New("central: ID not in the registry")

// RotateIDKey makes a new digital-ID issuer key the one central signs with. The key
// it replaces stays in the trust list kiosks pull until the last credential it
// signed has expired (the copy lifetime); keys older than that drop out of it. It
// returns the new key's ID.
func (a *Admin) RotateIDKey(ctx context.Context) (string, error) {
	e := newIssuerKey(a.now())
	err := a.Store.Update(ctx, func(tx store.Tx) error {
		list, err := issuerKeys(tx)
		if err != nil {
			return err
		}
		if err := putMeta(tx, metaIssuerKeys, append(list, e)); err != nil {
			return err
		}
		_, err = bumpConfig(tx)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("central: rotate issuer key: %w", err)
	}
	if a.OnKeysChanged != nil {
		if err := a.OnKeysChanged(ctx); err != nil {
			return "", err
		}
	}
	return e.ID, nil
}

// IssuerKeyRenewBefore is how long before the end of IssuerKeyValidity
// RotateIDKeyIfDue replaces the key, so kiosks pull the new trust list well before
// the old one goes stale.
const IssuerKeyRenewBefore = 30 * 24 * time.Hour

// RotateIDKeyIfDue rotates the issuer key when the current one is older than
// IssuerKeyValidity − IssuerKeyRenewBefore; `central serve` calls it at start and
// daily, so a key nobody rotates by hand does not make every kiosk's trust list
// go stale. The check and the new key are one transaction. It returns the new
// key's ID, or "" when none was due.
func (a *Admin) RotateIDKeyIfDue(ctx context.Context) (string, error) {
	now := a.now()
	e := newIssuerKey(now)
	rotated := false
	err := a.Store.Update(ctx, func(tx store.Tx) error {
		rotated = false
		list, err := issuerKeys(tx)
		if err != nil || len(list) == 0 {
			return err
		}
		if now.Sub(list[len(list)-1].Created) < IssuerKeyValidity-IssuerKeyRenewBefore {
			return nil
		}
		if err := putMeta(tx, metaIssuerKeys, append(list, e)); err != nil {
			return err
		}
		rotated = true
		_, err = bumpConfig(tx)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("central: rotate issuer key: %w", err)
	}
	if !rotated {
		return "", nil
	}
	if a.OnKeysChanged != nil {
		if err := a.OnKeysChanged(ctx); err != nil {
			return "", err
		}
	}
	return e.ID, nil
}

// IssueID signs a digital ID for the person idNumber of the registry, living ttl
// (the copy lifetime setting when zero), marked as a copy: this is a credential
// handed out of band (`central issue-id`), for verifiers and tests, the same as
// a printed copy.
func (a *Admin) IssueID(ctx context.Context, idNumber string, ttl time.Duration) (string, error) {
	var p backoffice.Person
	var found bool
	var iss []issuerKeyEntry
	var sc storedConfig
	err := a.Store.View(ctx, func(tx store.Tx) (err error) {
		if p, found, err = backoffice.GetPerson(tx, idNumber); err != nil {
			return err
		}
		if iss, err = issuerKeys(tx); err != nil {
			return err
		}
		return getMeta(tx, metaConfig, &sc)
	})
	if err != nil {
		return "", fmt.Errorf("central: issue ID: %w", err)
	}
	if !found {
		return "", ErrNoPerson
	}
	if len(iss) == 0 {
		return "", errors.New("central: no issuer key yet; `central serve` creates it on first start")
	}
	if ttl <= 0 {
		ttl = copyTTL(sc.Settings)
	}
	d, err := issueDigitalID(issuerOf(iss[len(iss)-1]), p, a.now(), ttl, true)
	if err != nil {
		return "", fmt.Errorf("central: issue ID: %w", err)
	}
	return d.QR, nil
}

// IssuerKey is a public digital-ID issuer key as `central issuer-keys` prints it.
type IssuerKey struct {
	ID        string            `json:"id"`
	KID       []byte            `json:"kid"`
	Public    ed25519.PublicKey `json:"public"`
	NotBefore time.Time         `json:"not_before"`
	NotAfter  time.Time         `json:"not_after"`
}

// IssuerKeys lists the issuer keys verifiers trust now (the trust list's keys),
// current first.
func (a *Admin) IssuerKeys(ctx context.Context) ([]IssuerKey, error) {
	var iss []issuerKeyEntry
	var sc storedConfig
	err := a.Store.View(ctx, func(tx store.Tx) (err error) {
		if iss, err = issuerKeys(tx); err != nil {
			return err
		}
		return getMeta(tx, metaConfig, &sc)
	})
	if err != nil || len(iss) == 0 {
		return nil, err
	}
	tl := trustList(iss, copyTTL(sc.Settings))
	out := make([]IssuerKey, 0, len(tl.Keys))
	for i, k := range tl.Keys {
		out = append(out, IssuerKey{ID: iss[len(iss)-1-i].ID, KID: k.ID, Public: k.Public, NotBefore: k.NotBefore, NotAfter: k.NotAfter})
	}
	return out, nil
}
