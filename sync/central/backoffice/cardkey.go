package backoffice

import (
	"crypto/rand"
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
