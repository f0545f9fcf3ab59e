package central

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// handleRenew issues a new client certificate to an enrolled kiosk for the key it
// already holds. The old certificate stays valid until the kiosk first uses the
// new one (see promoteCert), so an answer lost on the way is harmless: the kiosk
// asks again with the old one and gets another.
func (s *Server) handleRenew(w http.ResponseWriter, r *http.Request, kioskID string) error {
	var req wire.RenewRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	if req.CSR == "" {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "csr is required")
	}
	if !sameKey([]byte(req.CSR), r.TLS.PeerCertificates[0].PublicKey) {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "the CSR must be for the key of the certificate in use")
	}
	certPEM, serial, err := s.ca.SignCSRFor([]byte(req.CSR), kioskID, s.now(), s.certTTL)
	if err != nil {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, err.Error())
	}
	err = s.st.Update(r.Context(), func(tx store.Tx) error {
		k, found, err := getKiosk(tx, kioskID)
		if err != nil {
			return err
		}
		if !found || k.Revoked { // revoked while this request ran
			return fail(http.StatusForbidden, wire.ErrKioskRevoked, "kiosk is revoked")
		}
		k.PendingSerial = serial
		b, _ := json.Marshal(k)
		return tx.Put(store.Kiosks, kioskID, b)
	})
	if err != nil {
		return err
	}
	blk, _ := pem.Decode(certPEM)
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return internal(err)
	}
	s.log.Info("kiosk certificate renewed", "kiosk", kioskID, "not_after", c.NotAfter)
	writeJSON(w, http.StatusOK, wire.RenewResponse{Certificate: string(certPEM), NotAfter: c.NotAfter.UTC()})
	return nil
}

// maxRetired bounds Kiosk.Retired: with five-year certificates renewed at a third
// of their life, four retired serials span more than a decade of bundles.
const maxRetired = 4

// heldBy reports whether serial is, or was, the certificate of k: its current
// one, a renewal not yet used, or one it renewed away.
func (k Kiosk) heldBy(serial string) bool {
	if serial == k.Serial || (k.PendingSerial != "" && serial == k.PendingSerial) {
		return true
	}
	for _, r := range k.Retired {
		if serial == r {
			return true
		}
	}
	return false
}

// promoteCert makes a renewed certificate the kiosk's only one, the first time
// the kiosk authenticates with it. A failure leaves both accepted and is tried
// again on the next request.
func (s *Server) promoteCert(ctx context.Context, kioskID, serial string) {
	err := s.st.Update(ctx, func(tx store.Tx) error {
		k, found, err := getKiosk(tx, kioskID)
		if err != nil || !found || k.PendingSerial != serial {
			return err
		}
		k.Retired = append(k.Retired, k.Serial)
		if len(k.Retired) > maxRetired {
			k.Retired = k.Retired[len(k.Retired)-maxRetired:]
		}
		k.Serial, k.PendingSerial = serial, ""
		b, _ := json.Marshal(k)
		return tx.Put(store.Kiosks, kioskID, b)
	})
	if err != nil {
		s.log.Warn("kiosk certificate promotion", "kiosk", kioskID, "err", err)
	}
}

// sameKey reports whether csrPEM asks for a certificate for pub.
func sameKey(csrPEM []byte, pub crypto.PublicKey) bool {
	blk, _ := pem.Decode(csrPEM)
	if blk == nil || blk.Type != "CERTIFICATE REQUEST" {
		return false
	}
	csr, err := x509.ParseCertificateRequest(blk.Bytes)
	if err != nil {
		return false
	}
	k, ok := csr.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(pub)
}
