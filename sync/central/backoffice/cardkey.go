package backoffice

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/sync/central/store"
)

// MetaCardTokenKey is the key, in the Meta bucket, of central's secret card-token
// key: 32 random bytes under which a bank card's PAN becomes its CardToken. It lives
// beside the sealing keys so every replica on one store tokenises alike; an unkeyed
// hash would give the PAN away to anyone who reads the store and knows the masked
// number (10 of 16 digits, the rest ~10^5 guesses with the Luhn digit).
const MetaCardTokenKey = "card_token_key"

const cardTokenKeySize = 32

// CardTokenKey returns central's card-token key, creating it when the store has none
// (central's first start). It must run inside an Update transaction; Insert makes
// replicas starting together agree on one key.
func CardTokenKey(tx store.Tx) ([]byte, error) {
	key, err := tx.Get(store.Meta, MetaCardTokenKey)
	if errors.Is(err, store.ErrNotFound) {
		fresh := make([]byte, cardTokenKeySize)
		rand.Read(fresh)
		if _, err := tx.Insert(store.Meta, MetaCardTokenKey, fresh); err != nil {
			return nil, fmt.Errorf("backoffice: create card-token key: %w", err)
		}
		key, err = tx.Get(store.Meta, MetaCardTokenKey)
	}
	if err != nil {
		return nil, fmt.Errorf("backoffice: card-token key: %w", err)
	}
	if len(key) != cardTokenKeySize {
		return nil, fmt.Errorf("backoffice: card-token key is %d bytes, want %d", len(key), cardTokenKeySize)
	}
	return key, nil
}

// cardToken is the token of pan under the store's card-token key.
func cardToken(tx store.Tx, pan string) (string, error) {
	key, err := CardTokenKey(tx)
	if err != nil {
		return "", err
	}
	return bankcard.Token(key, pan), nil
}

// CardMatches reports whether pan is the bank card the back office links to p
// (its keyed token), for a live proof of the person.
func CardMatches(tx store.Tx, p Person, pan string) (bool, error) {
	code, err := proveByCard(tx, p, pan)
	return code == "" && err == nil, err
}

// MetaCardHoldersIndexed marks, in the Meta bucket, a store whose people all
// have their card in store.CardHolders: stores loaded before the index existed
// get it once from IndexCardHolders.
const MetaCardHoldersIndexed = "card_holders_indexed"

// CardHolder returns the person the back office links the bank card pan to, for
// a proof by the card alone; found is false for a card linked to no one. The
// index is checked against the person's own card token, so an entry left by a
// person whose card was replaced in a later registry load names no one.
func CardHolder(tx store.Tx, pan string) (p Person, found bool, err error) {
	token, err := cardToken(tx, pan)
	if err != nil {
		return p, false, err
	}
	id, err := tx.Get(store.CardHolders, token)
	if errors.Is(err, store.ErrNotFound) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("backoffice: card holder: %w", err)
	}
	p, found, err = GetPerson(tx, string(id))
	if err != nil || !found || !hmac.Equal([]byte(p.CardToken), []byte(token)) {
		return Person{}, false, err
	}
	return p, true, nil
}

// IndexCardHolders fills store.CardHolders from the people on record, once per
// store (MetaCardHoldersIndexed); it returns how many cards it indexed, 0 when
// the store was indexed already. Run it in an Update transaction at start.
func IndexCardHolders(tx store.Tx) (int, error) {
	if _, err := tx.Get(store.Meta, MetaCardHoldersIndexed); err == nil {
		return 0, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return 0, fmt.Errorf("backoffice: card index marker: %w", err)
	}
	n := 0
	err := tx.Scan(store.People, "", 0, func(id string, v []byte) error {
		var p Person
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("backoffice: person %s: %w", id, err)
		}
		if p.CardToken == "" {
			return nil
		}
		n++
		return tx.Put(store.CardHolders, p.CardToken, []byte(p.IDNumber))
	})
	if err != nil {
		return 0, err
	}
	if err := tx.Put(store.Meta, MetaCardHoldersIndexed, []byte("1")); err != nil {
		return 0, fmt.Errorf("backoffice: card index marker: %w", err)
	}
	return n, nil
}
