package central

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	gosync "sync"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/ca"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// Keys in the Meta bucket.
const (
	metaCACert     = "ca_cert"
	metaCAKey      = "ca_key"
	metaSealKeys   = "seal_keys"
	metaIssuerKeys = "issuer_keys"
	metaConfig     = "config"
)

// SealingKeyValidity is how long a new sealing key is advertised for.
const SealingKeyValidity = 2 * 365 * 24 * time.Hour

type sealKeyEntry struct {
	ID      string    `json:"id"`
	Private []byte    `json:"private"` // seal.PrivateKey.MarshalBinary
	Created time.Time `json:"created"`
	// Retired keys are no longer advertised but still open records sealed to them.
	Retired bool `json:"retired"`
}

type issuerKeyEntry struct {
	ID      string    `json:"id"`
	Seed    []byte    `json:"seed"` // ed25519 seed
	Created time.Time `json:"created"`
}

// keyring caches the opening keys; it reloads from the store when a record names a
// key it does not know, so a rotation by another replica is picked up.
type keyring struct {
	mu     gosync.RWMutex
	seal   map[string]*seal.PrivateKey
	issuer *issuerKeyEntry
}

func (k *keyring) load(tx store.Tx) error {
	seals, err := sealKeys(tx)
	if err != nil {
		return err
	}
	m := make(map[string]*seal.PrivateKey, len(seals))
	for _, e := range seals {
		pk, err := seal.ParsePrivateKey(e.Private)
		if err != nil {
			return fmt.Errorf("central: sealing key %s: %w", e.ID, err)
		}
		m[e.ID] = pk
	}
	iss, err := issuerKeys(tx)
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.seal = m
	if len(iss) > 0 {
		k.issuer = &iss[len(iss)-1]
	}
	return nil
}

func (k *keyring) sealKey(id string) *seal.PrivateKey {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.seal[id]
}

func (k *keyring) issuerKey() (string, ed25519.PrivateKey) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.issuer == nil {
		return "", nil
	}
	return k.issuer.ID, ed25519.NewKeyFromSeed(k.issuer.Seed)
}

func sealKeys(tx store.Tx) ([]sealKeyEntry, error) {
	var list []sealKeyEntry
	return list, getMeta(tx, metaSealKeys, &list)
}

func issuerKeys(tx store.Tx) ([]issuerKeyEntry, error) {
	var list []issuerKeyEntry
	return list, getMeta(tx, metaIssuerKeys, &list)
}

func getMeta(tx store.Tx, key string, v any) error {
	b, err := tx.Get(store.Meta, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("central: decode meta %s: %w", key, err)
	}
	return nil
}

func putMeta(tx store.Tx, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("central: encode meta %s: %w", key, err)
	}
	return tx.Put(store.Meta, key, b)
}

func newKeyID(prefix string, now time.Time) string {
	b := make([]byte, 4)
	rand.Read(b)
	return prefix + "-" + now.UTC().Format("20060102") + "-" + hex.EncodeToString(b)
}

// newSealKey generates a sealing key; the caller appends it to the list.
func newSealKey(now time.Time) (sealKeyEntry, error) {
	pk, err := seal.GenerateKey(newKeyID("seal", now), now.Add(SealingKeyValidity))
	if err != nil {
		return sealKeyEntry{}, err
	}
	b, err := pk.MarshalBinary()
	if err != nil {
		return sealKeyEntry{}, err
	}
	return sealKeyEntry{ID: pk.ID(), Private: b, Created: now}, nil
}

// storedConfig is Config without the keys, which are derived from the key lists.
type storedConfig struct {
	Version      int64             `json:"version"`
	TermsVersion string            `json:"terms_version"`
	Terms        wire.Text         `json:"terms"`
	Privacy      wire.Text         `json:"privacy"`
	Services     []string          `json:"services"`
	Settings     map[string]string `json:"settings"`
}

func defaultConfig() storedConfig {
	return storedConfig{
		Version:      1,
		TermsVersion: "2026-1",
		// The terms and privacy texts are written in the catalogue
		// (assets/translations/terms.*.json) with every other text.
		Terms:   wire.Text{AR: i18n.T(i18n.AR, "terms.pledge"), EN: i18n.T(i18n.EN, "terms.pledge")},
		Privacy: wire.Text{AR: i18n.T(i18n.AR, "terms.privacy"), EN: i18n.T(i18n.EN, "terms.privacy")},
		Services: []string{wire.ServiceRegistration, wire.ServiceActivation, wire.ServiceMobileChange,
			wire.ServiceDigitalID, wire.ServiceAddress, wire.ServiceDependents, wire.ServiceStatus},
		Settings: map[string]string{"idle_timeout_seconds": "60", "config_poll_seconds": "60"},
	}
}

// bootstrap creates the CA, the first sealing and issuer keys, the card-token key
// and the default configuration when missing. Insert makes it safe for replicas
// starting together.
func bootstrap(ctx context.Context, st store.Store, now time.Time) (*ca.Authority, error) {
	auth, err := ca.New(now)
	if err != nil {
		return nil, err
	}
	certPEM, keyPEM, err := auth.MarshalPEM()
	if err != nil {
		return nil, err
	}
	sk, err := newSealKey(now)
	if err != nil {
		return nil, err
	}
	seed := make([]byte, ed25519.SeedSize)
	rand.Read(seed)
	ik := issuerKeyEntry{ID: newKeyID("issuer", now), Seed: seed, Created: now}
	cfg := defaultConfig()
	var loaded *ca.Authority
	err = st.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Insert(store.Meta, metaCAKey, keyPEM); err != nil {
			return err
		}
		if _, err := tx.Insert(store.Meta, metaCACert, certPEM); err != nil {
			return err
		}
		for key, v := range map[string]any{metaSealKeys: []sealKeyEntry{sk}, metaIssuerKeys: []issuerKeyEntry{ik}, metaConfig: cfg} {
			b, _ := json.Marshal(v)
			if _, err := tx.Insert(store.Meta, key, b); err != nil {
				return err
			}
		}
		if _, err := backoffice.CardTokenKey(tx); err != nil {
			return err
		}
		c, err1 := tx.Get(store.Meta, metaCACert)
		k, err2 := tx.Get(store.Meta, metaCAKey)
		if err := errors.Join(err1, err2); err != nil {
			return err
		}
		loaded, err = ca.Load(c, k)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("central: bootstrap: %w", err)
	}
	return loaded, nil
}

// buildConfig assembles the Config a kiosk pulls.
func buildConfig(tx store.Tx) (wire.Config, error) {
	var sc storedConfig
	if err := getMeta(tx, metaConfig, &sc); err != nil {
		return wire.Config{}, err
	}
	seals, err := sealKeys(tx)
	if err != nil {
		return wire.Config{}, err
	}
	iss, err := issuerKeys(tx)
	if err != nil {
		return wire.Config{}, err
	}
	cfg := wire.Config{Version: sc.Version, TermsVersion: sc.TermsVersion, Terms: sc.Terms, Privacy: sc.Privacy,
		Services: sc.Services, Settings: sc.Settings, SealingKeys: []seal.PublicKey{}, IssuerKeys: []wire.IssuerKey{}}
	for _, e := range slices.Backward(seals) {
		if e.Retired {
			continue
		}
		pk, err := seal.ParsePrivateKey(e.Private)
		if err != nil {
			return wire.Config{}, fmt.Errorf("central: sealing key %s: %w", e.ID, err)
		}
		cfg.SealingKeys = append(cfg.SealingKeys, pk.Public())
	}
	for _, e := range slices.Backward(iss) {
		pub := ed25519.NewKeyFromSeed(e.Seed).Public().(ed25519.PublicKey)
		cfg.IssuerKeys = append(cfg.IssuerKeys, wire.IssuerKey{ID: e.ID, Key: pub, NotAfter: e.Created.Add(10 * 365 * 24 * time.Hour)})
	}
	return cfg, nil
}

// bumpConfig increments the config version inside tx.
func bumpConfig(tx store.Tx) (int64, error) {
	var sc storedConfig
	if err := getMeta(tx, metaConfig, &sc); err != nil {
		return 0, err
	}
	sc.Version++
	return sc.Version, putMeta(tx, metaConfig, sc)
}
