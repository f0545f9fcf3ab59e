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
	"strconv"
	gosync "sync"
	"time"

	"github.com/bawaba/bawaba/digitalid"
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
	// metaProofKey is the HMAC key of proof tokens (prooftoken.go): 32 random
	// bytes, made at the first start, shared by replicas on one store.
	metaProofKey = "proof_token_key"
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

// issuerKeyEntry is a digital-ID signing key. The last entry signs; the one before
// it is still advertised (trusted) until the credentials it signed have expired.
type issuerKeyEntry struct {
	ID      string    `json:"id"`
	Seed    []byte    `json:"seed"` // ed25519 seed
	Created time.Time `json:"created"`
	// KID is the COSE kid put in credentials: 4 random bytes, short because it
	// is in every QR. Keys made before it existed use []byte(ID).
	KID []byte `json:"kid,omitempty"`
}

// kid is the COSE key ID of e.
func (e issuerKeyEntry) kid() []byte {
	if len(e.KID) > 0 {
		return e.KID
	}
	return []byte(e.ID)
}

// Digital-ID key and credential lifetimes.
const (
	// IssuerKeyValidity is how long an issuer key signs before it must be rotated
	// (`central rotate-id-key`); the trust list kiosks hold expires with it, so a
	// key nobody rotated stops verifying at kiosks rather than living forever.
	IssuerKeyValidity = 180 * 24 * time.Hour
	// SettingCopyDays is the config setting of a printed copy's lifetime in days.
	SettingCopyDays = "digital_id_copy_days"
	// DigitalIDIssuer is the iss claim of every credential central signs.
	DigitalIDIssuer = "https://bawaba.example"
)

func newIssuerKey(now time.Time) issuerKeyEntry {
	seed := make([]byte, ed25519.SeedSize)
	rand.Read(seed)
	kid := make([]byte, 4)
	rand.Read(kid)
	return issuerKeyEntry{ID: newKeyID("issuer", now), Seed: seed, Created: now, KID: kid}
}

// keyring caches the opening keys; it reloads from the store when a record names a
// key it does not know, so a rotation by another replica is picked up.
type keyring struct {
	mu     gosync.RWMutex
	seal   map[string]*seal.PrivateKey
	issuer *issuerKeyEntry
	proof  []byte // the proof-token key
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
	pk, err := tx.Get(store.Meta, metaProofKey)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("central: proof-token key: %w", err)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.proof = pk
	k.seal = m
	if len(iss) > 0 {
		k.issuer = &iss[len(iss)-1]
	}
	return nil
}

// proofKey is the proof-token key; nil before bootstrap made one.
func (k *keyring) proofKey() []byte {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.proof
}

func (k *keyring) sealKey(id string) *seal.PrivateKey {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.seal[id]
}

// issuer returns the digital-ID issuer of the current key, or false when none.
func (k *keyring) issuerKey() (digitalid.Issuer, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.issuer == nil {
		return digitalid.Issuer{}, false
	}
	return issuerOf(*k.issuer), true
}

func issuerOf(e issuerKeyEntry) digitalid.Issuer {
	return digitalid.Issuer{URI: DigitalIDIssuer, KeyID: e.kid(), Key: ed25519.NewKeyFromSeed(e.Seed)}
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

// bootstrap creates the CA, the first sealing and issuer keys, the card-token key,
// the proof-token key and the default configuration when missing. Insert makes it safe for replicas
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
	ik := newIssuerKey(now)
	proofKey := make([]byte, 32)
	rand.Read(proofKey)
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
		if _, err := tx.Insert(store.Meta, metaProofKey, proofKey); err != nil {
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

// buildConfig assembles the Config a kiosk pulls; auth signs its trust list.
func buildConfig(tx store.Tx, auth *ca.Authority) (wire.Config, error) {
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
	staff, err := configStaff(tx)
	if err != nil {
		return wire.Config{}, err
	}
	cfg := wire.Config{Version: sc.Version, TermsVersion: sc.TermsVersion, Terms: sc.Terms, Privacy: sc.Privacy,
		Services: sc.Services, Settings: sc.Settings, SealingKeys: []seal.PublicKey{}, Staff: staff}
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
	if len(iss) > 0 {
		if cfg.DigitalIDTrust, err = digitalid.SignTrustList(trustList(iss, copyTTL(sc.Settings)), auth.PrivateKey()); err != nil {
			return wire.Config{}, err
		}
	}
	return cfg, nil
}

// trustList is what verifiers trust, built from the stored issuer keys (oldest
// first): the current key, trusted from its creation for IssuerKeyValidity plus
// the longest credential it may sign; and the previous one, until the last copy it
// signed has expired. It depends only on the stored keys and settings, so the
// same config version always carries the same list; it changes (and the config
// version with it) only on rotation, which is why a kiosk answered 304 keeps a
// list that is still current.
func trustList(iss []issuerKeyEntry, copyTTL time.Duration) digitalid.TrustList {
	cur := iss[len(iss)-1]
	tl := digitalid.TrustList{Issued: cur.Created, Expires: cur.Created.Add(IssuerKeyValidity)}
	tl.Keys = append(tl.Keys, digitalid.Key{ID: cur.kid(), Public: ed25519.NewKeyFromSeed(cur.Seed).Public().(ed25519.PublicKey),
		NotBefore: cur.Created, NotAfter: cur.Created.Add(IssuerKeyValidity + copyTTL)})
	if len(iss) > 1 {
		prev := iss[len(iss)-2]
		tl.Keys = append(tl.Keys, digitalid.Key{ID: prev.kid(), Public: ed25519.NewKeyFromSeed(prev.Seed).Public().(ed25519.PublicKey),
			NotBefore: prev.Created, NotAfter: cur.Created.Add(copyTTL)})
	}
	return tl
}

// copyTTL is the printed copy's lifetime from the settings, DefaultCopyTTL when
// unset or not a positive number of days.
func copyTTL(settings map[string]string) time.Duration {
	if d, err := strconv.Atoi(settings[SettingCopyDays]); err == nil && d > 0 && d <= 3650 {
		return time.Duration(d) * 24 * time.Hour
	}
	return digitalid.DefaultCopyTTL
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
