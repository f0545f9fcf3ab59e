package central

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// Admin holds the administrator's operations. The `central` command runs them on
// the store directly, or through a running server's admin socket (AdminHandler)
// when the server holds the bbolt file.
type Admin struct {
	Store store.Store
	Now   func() time.Time
	// OnKeysChanged, when set, is called after a key rotation (the running server
	// reloads its keyring).
	OnKeysChanged func(context.Context) error
	// server, when set (Server.Admin), lets Import apply bundles with the
	// service's keys and CA.
	server *Server
}

// Admin returns the operations bound to this server's store and keyring.
func (s *Server) Admin() *Admin {
	return &Admin{Store: s.st, Now: s.now, OnKeysChanged: s.reloadKeys, server: s}
}

func (a *Admin) now() time.Time {
	if a.Now == nil {
		return time.Now()
	}
	return a.Now()
}

// EnrollCodeTTL is how long an enrolment code can be used.
const EnrollCodeTTL = 72 * time.Hour

// EnrollCode creates a one-time enrolment code valid for ttl (EnrollCodeTTL when zero).
func (a *Admin) EnrollCode(ctx context.Context, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		ttl = EnrollCodeTTL
	}
	code := newEnrollCode()
	now := a.now()
	b, _ := json.Marshal(enrollCode{Created: now, Expires: now.Add(ttl)})
	err := a.Store.Update(ctx, func(tx store.Tx) error { return tx.Put(store.EnrollCodes, codeKey(code), b) })
	if err != nil {
		return "", fmt.Errorf("central: enroll code: %w", err)
	}
	return code, nil
}

// Kiosks lists enrolled kiosks in ID order.
func (a *Admin) Kiosks(ctx context.Context) ([]Kiosk, error) {
	var out []Kiosk
	err := a.Store.View(ctx, func(tx store.Tx) error {
		out = out[:0]
		return tx.Scan(store.Kiosks, "", 0, func(_ string, v []byte) error {
			var k Kiosk
			if err := json.Unmarshal(v, &k); err != nil {
				return err
			}
			out = append(out, k)
			return nil
		})
	})
	return out, err
}

// ErrNoKiosk is returned by Revoke for an ID that was never enrolled.
var ErrNoKiosk = errors.New("central: no such kiosk")

// Revoke refuses kiosk id from its next request on.
func (a *Admin) Revoke(ctx context.Context, id string) error {
	return a.Store.Update(ctx, func(tx store.Tx) error {
		k, found, err := getKiosk(tx, id)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("%w: %s", ErrNoKiosk, id)
		}
		if !k.Revoked {
			k.Revoked, k.RevokedAt = true, a.now()
		}
		b, _ := json.Marshal(k)
		return tx.Put(store.Kiosks, id, b)
	})
}

// RotateKey makes a new sealing key the one kiosks seal to; older keys are retired,
// no longer advertised, but kept to open records still sealed to them. It returns
// the new key's ID.
func (a *Admin) RotateKey(ctx context.Context) (string, error) {
	e, err := newSealKey(a.now())
	if err != nil {
		return "", err
	}
	err = a.Store.Update(ctx, func(tx store.Tx) error {
		list, err := sealKeys(tx)
		if err != nil {
			return err
		}
		for i := range list {
			list[i].Retired = true
		}
		if err := putMeta(tx, metaSealKeys, append(list, e)); err != nil {
			return err
		}
		_, err = bumpConfig(tx)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("central: rotate key: %w", err)
	}
	if a.OnKeysChanged != nil {
		if err := a.OnKeysChanged(ctx); err != nil {
			return "", err
		}
	}
	return e.ID, nil
}

// Records lists stored records in ID order after the ID after, at most limit.
func (a *Admin) Records(ctx context.Context, after string, limit int) ([]StoredRecord, error) {
	var out []StoredRecord
	err := a.Store.View(ctx, func(tx store.Tx) error {
		out = out[:0]
		return tx.Scan(store.Records, after, limit, func(_ string, v []byte) error {
			var r StoredRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			r.Sealed = nil
			if b, err := tx.Get(store.Statuses, r.Ref); err == nil {
				var st wire.RequestStatus
				if json.Unmarshal(b, &st) == nil {
					r.State, r.Code = st.State, st.Code
				}
			}
			out = append(out, r)
			return nil
		})
	})
	return out, err
}

// LoadRegistry stores the people of a registry file, all or none.
func (a *Admin) LoadRegistry(ctx context.Context, r io.Reader) (int, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return 0, fmt.Errorf("central: read registry: %w", err)
	}
	var n int
	err = a.Store.Update(ctx, func(tx store.Tx) (err error) {
		n, err = backoffice.LoadRegistry(tx, bytes.NewReader(data))
		return err
	})
	return n, err
}

// AdminHandler serves the admin operations over HTTP, for the admin socket only
// (a unix socket with 0600 permissions in the data directory).
func AdminHandler(a *Admin) http.Handler {
	mux := http.NewServeMux()
	reply := func(w http.ResponseWriter, v any, err error) {
		if err != nil {
			status := http.StatusInternalServerError
			if errors.Is(err, ErrNoKiosk) || errors.Is(err, backoffice.ErrRegistry) || errors.Is(err, ErrNoPerson) ||
				errors.Is(err, ErrUnknownService) || errors.Is(err, ErrBadStaff) || errors.Is(err, ErrNoStaff) {
				status = http.StatusBadRequest
			}
			http.Error(w, err.Error(), status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("POST /enroll-code", func(w http.ResponseWriter, r *http.Request) {
		ttl, _ := time.ParseDuration(r.URL.Query().Get("ttl"))
		code, err := a.EnrollCode(r.Context(), ttl)
		reply(w, code, err)
	})
	mux.HandleFunc("GET /kiosks", func(w http.ResponseWriter, r *http.Request) {
		k, err := a.Kiosks(r.Context())
		reply(w, k, err)
	})
	mux.HandleFunc("POST /revoke", func(w http.ResponseWriter, r *http.Request) {
		reply(w, "revoked", a.Revoke(r.Context(), r.URL.Query().Get("id")))
	})
	mux.HandleFunc("POST /rotate-key", func(w http.ResponseWriter, r *http.Request) {
		id, err := a.RotateKey(r.Context())
		reply(w, id, err)
	})
	mux.HandleFunc("POST /rotate-id-key", func(w http.ResponseWriter, r *http.Request) {
		id, err := a.RotateIDKey(r.Context())
		reply(w, id, err)
	})
	mux.HandleFunc("POST /issue-id", func(w http.ResponseWriter, r *http.Request) {
		ttl, _ := time.ParseDuration(r.URL.Query().Get("ttl"))
		qr, err := a.IssueID(r.Context(), r.URL.Query().Get("id"), ttl)
		reply(w, qr, err)
	})
	mux.HandleFunc("POST /service", func(w http.ResponseWriter, r *http.Request) {
		on, _ := strconv.ParseBool(r.URL.Query().Get("on"))
		list, err := a.SetService(r.Context(), r.URL.Query().Get("name"), on)
		reply(w, list, err)
	})
	mux.HandleFunc("GET /issuer-keys", func(w http.ResponseWriter, r *http.Request) {
		keys, err := a.IssuerKeys(r.Context())
		reply(w, keys, err)
	})
	mux.HandleFunc("GET /records", func(w http.ResponseWriter, r *http.Request) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		recs, err := a.Records(r.Context(), r.URL.Query().Get("after"), limit)
		reply(w, recs, err)
	})
	mux.HandleFunc("GET /staff-audit", func(w http.ResponseWriter, r *http.Request) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		entries, err := a.StaffAudit(r.Context(), r.URL.Query().Get("kiosk"), limit)
		reply(w, entries, err)
	})
	mux.HandleFunc("POST /load-registry", func(w http.ResponseWriter, r *http.Request) {
		n, err := a.LoadRegistry(r.Context(), http.MaxBytesReader(w, r.Body, 1<<30))
		reply(w, n, err)
	})
	mux.HandleFunc("POST /import", func(w http.ResponseWriter, r *http.Request) { serveImport(w, r, a) })
	// A staff account comes with its PIN already hashed by `central staff add`.
	mux.HandleFunc("POST /staff", func(w http.ResponseWriter, r *http.Request) {
		var s StaffAccount
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&s); err != nil {
			http.Error(w, "staff account: "+err.Error(), http.StatusBadRequest)
			return
		}
		reply(w, "added", a.AddStaff(r.Context(), s.ID, s.Name, s.PINHash))
	})
	mux.HandleFunc("GET /staff", func(w http.ResponseWriter, r *http.Request) {
		list, err := a.Staff(r.Context())
		reply(w, list, err)
	})
	mux.HandleFunc("POST /staff-remove", func(w http.ResponseWriter, r *http.Request) {
		reply(w, "removed", a.RemoveStaff(r.Context(), r.URL.Query().Get("id")))
	})
	mux.HandleFunc("GET /ca", func(w http.ResponseWriter, r *http.Request) {
		pem, err := a.CAPEM(r.Context())
		reply(w, string(pem), err)
	})
	return mux
}

// CAPEM returns the CA certificate from the store (for `central ca`).
func (a *Admin) CAPEM(ctx context.Context) ([]byte, error) {
	var pem []byte
	err := a.Store.View(ctx, func(tx store.Tx) (err error) {
		pem, err = tx.Get(store.Meta, metaCACert)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("central: no CA yet; `central serve` creates it on first start: %w", err)
	}
	return pem, err
}

// StaffAudit lists the staff audit entries kiosks have sent (wire.KindStaffAudit),
// oldest first: of one kiosk, or of all when kioskID is "".
func (a *Admin) StaffAudit(ctx context.Context, kioskID string, limit int) ([]backoffice.StaffAuditEntry, error) {
	var out []backoffice.StaffAuditEntry
	err := a.Store.View(ctx, func(tx store.Tx) (err error) {
		out, err = backoffice.ListStaffAudit(tx, kioskID, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("central: staff audit: %w", err)
	}
	return out, nil
}
