package central

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// Kiosk is an enrolled kiosk.
type Kiosk struct {
	ID       string    `json:"id"`
	Name     string    `json:"name,omitempty"`
	Enrolled time.Time `json:"enrolled"`
	Serial   string    `json:"serial"` // of the certificate in use, hex
	// PendingSerial is a renewed certificate's serial not yet used by the kiosk:
	// both are accepted until it is, so a lost renewal answer locks nobody out.
	PendingSerial string `json:"pending_serial,omitempty"`
	// Retired are the serials of certificates this kiosk renewed away (newest
	// last, at most maxRetired): no longer accepted on the network, but a USB
	// bundle the kiosk signed before its renewal is still its own (import).
	Retired   []string  `json:"retired,omitempty"`
	Revoked   bool      `json:"revoked"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

type enrollCode struct {
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	Used    bool      `json:"used"`
	KioskID string    `json:"kiosk_id,omitempty"`
}

// codeAlphabet leaves out letters and digits people confuse (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// newEnrollCode returns a code like "K7QM-3XTR-PW9A" (about 59 bits).
func newEnrollCode() string {
	b := make([]byte, 12)
	rand.Read(b)
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return sb.String()
}

// codeKey normalises what field staff typed and hashes it: the store never holds a
// usable code.
func codeKey(code string) string {
	c := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
	h := sha256.Sum256([]byte("bawaba-enroll:" + c))
	return hex.EncodeToString(h[:])
}

func getKiosk(tx store.Tx, id string) (Kiosk, bool, error) {
	b, err := tx.Get(store.Kiosks, id)
	if errors.Is(err, store.ErrNotFound) {
		return Kiosk{}, false, nil
	}
	if err != nil {
		return Kiosk{}, false, err
	}
	var k Kiosk
	if err := json.Unmarshal(b, &k); err != nil {
		return Kiosk{}, false, fmt.Errorf("central: decode kiosk %s: %w", id, err)
	}
	return k, true, nil
}

// authenticate maps the verified client certificate to an enrolled, unrevoked kiosk.
func (s *Server) authenticate(r *http.Request) (string, error) {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return "", fail(http.StatusUnauthorized, wire.ErrUnauthenticated, "a kiosk client certificate is required")
	}
	cert := r.TLS.PeerCertificates[0]
	id := cert.Subject.CommonName
	var k Kiosk
	var found bool
	err := s.st.View(r.Context(), func(tx store.Tx) (err error) {
		k, found, err = getKiosk(tx, id)
		return err
	})
	switch {
	case err != nil:
		return "", &httpError{status: http.StatusServiceUnavailable, body: wire.Error{Code: wire.ErrUnavailable, Message: "storage unavailable"}, cause: err}
	case !found:
		return "", fail(http.StatusForbidden, wire.ErrKioskUnknown, "kiosk is not enrolled here")
	case k.Revoked:
		return "", fail(http.StatusForbidden, wire.ErrKioskRevoked, "kiosk is revoked")
	case k.PendingSerial != "" && k.PendingSerial == cert.SerialNumber.Text(16):
		s.promoteCert(r.Context(), id, k.PendingSerial)
	case k.Serial != cert.SerialNumber.Text(16):
		return "", fail(http.StatusForbidden, wire.ErrKioskRevoked, "certificate superseded")
	}
	return id, nil
}

func (s *Server) handleEnroll(w http.ResponseWriter, r *http.Request, _ string) error {
	var req wire.EnrollRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	if req.Code == "" || req.CSR == "" || len(req.Name) > 200 {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "code and csr are required")
	}
	now := s.now()
	idb := make([]byte, 5)
	rand.Read(idb)
	kioskID := "kiosk-" + hex.EncodeToString(idb)
	certPEM, serial, err := s.ca.SignCSRFor([]byte(req.CSR), kioskID, now, s.certTTL)
	if err != nil {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, err.Error())
	}
	key := codeKey(req.Code)
	err = s.st.Update(r.Context(), func(tx store.Tx) error {
		b, err := tx.Get(store.EnrollCodes, key)
		if errors.Is(err, store.ErrNotFound) {
			return fail(http.StatusForbidden, wire.ErrEnrollCodeInvalid, "enrolment code unknown")
		}
		if err != nil {
			return err
		}
		var c enrollCode
		if err := json.Unmarshal(b, &c); err != nil {
			return err
		}
		if c.Used || now.After(c.Expires) {
			return fail(http.StatusForbidden, wire.ErrEnrollCodeInvalid, "enrolment code used or expired")
		}
		c.Used, c.KioskID = true, kioskID
		b, _ = json.Marshal(c)
		if err := tx.Put(store.EnrollCodes, key, b); err != nil {
			return err
		}
		kb, _ := json.Marshal(Kiosk{ID: kioskID, Name: req.Name, Enrolled: now, Serial: serial})
		return tx.Put(store.Kiosks, kioskID, kb)
	})
	if err != nil {
		return err
	}
	s.log.Info("kiosk enrolled", "kiosk", kioskID)
	writeJSON(w, http.StatusOK, wire.EnrollResponse{KioskID: kioskID, Certificate: string(certPEM), CA: string(s.ca.CertPEM())})
	return nil
}
