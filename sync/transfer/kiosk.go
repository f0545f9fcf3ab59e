package transfer

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Identity is what the kiosk signs bundles and checks receipts with: the key and
// certificate of its mutual-TLS identity, and the central CA it pinned.
type Identity struct {
	KioskID string
	Signer  crypto.Signer
	Chain   [][]byte // DER, the kiosk's certificate first
	CA      *x509.Certificate
}

// LoadIdentity reads the kiosk's identity from the directory sync/client keeps it
// in (client.KeyFile, client.CertFile, client.CAFile). A kiosk that never enrolled
// has none and cannot sign a bundle: client.ErrNotEnrolled.
func LoadIdentity(dir string) (*Identity, error) {
	keyPEM, err1 := os.ReadFile(filepath.Join(dir, client.KeyFile))
	certPEM, err2 := os.ReadFile(filepath.Join(dir, client.CertFile))
	caPEM, err3 := os.ReadFile(filepath.Join(dir, client.CAFile))
	if err := errors.Join(err1, err2, err3); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("transfer: identity: %w: %w", client.ErrNotEnrolled, err)
		}
		return nil, fmt.Errorf("transfer: identity: %w", err)
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("transfer: identity: %w", err)
	}
	signer, ok := pair.PrivateKey.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: key of type %T cannot sign", ErrCertificate, pair.PrivateKey)
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, fmt.Errorf("transfer: identity: %w", err)
	}
	blk, _ := pem.Decode(caPEM)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%w: %s is not a PEM certificate", ErrCertificate, client.CAFile)
	}
	ca, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("transfer: identity: CA: %w", err)
	}
	return &Identity{KioskID: leaf.Subject.CommonName, Signer: signer, Chain: pair.Certificate, CA: ca}, nil
}

// Pending is what Export needs from the outbox (*outbox.Store).
type Pending interface {
	Pending(max int) ([]outbox.Record, error)
}

// Exported says what Export wrote.
type Exported struct {
	Path    string // the bundle on the stick
	Records int
	// Kinds counts Records per kind (wire.Kind*), so that staff are told the
	// residents' requests apart from the staff audit entries.
	Kinds map[string]int
	Bytes int64
}

// ExportOptions tunes Export; the zero value is usable.
type ExportOptions struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Progress, if not nil, is called as records are written (done of total). It is
	// called on Export's goroutine.
	Progress func(done, total int)
}

// Export writes every record waiting in q to a new signed bundle in mount/Dir,
// named "<kiosk>-<UTC time>.bundle", safely (see WriteFile). It needs no network
// and no earlier sync, and changes nothing in the outbox. With nothing to send it
// writes nothing and returns ErrNothing.
func Export(q Pending, id *Identity, mount string, opt ExportOptions) (Exported, error) {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	recs, err := q.Pending(0)
	if err != nil {
		return Exported{}, fmt.Errorf("transfer: export: %w", err)
	}
	if len(recs) == 0 {
		return Exported{}, ErrNothing
	}
	t := now().UTC()
	b := &Bundle{ID: NewBundleID(), KioskID: id.KioskID, Created: t, Chain: id.Chain, Records: make([]wire.Record, len(recs))}
	kinds := map[string]int{}
	for i, r := range recs {
		b.Records[i] = wire.Record{ID: r.ID, Kind: r.Kind, KioskID: r.KioskID, Ref: r.Ref, Created: r.Created, KeyID: r.KeyID, Sealed: r.Sealed}
		kinds[r.Kind]++
	}
	name := id.KioskID + "-" + t.Format("20060102T150405Z") + BundleExt
	dir := filepath.Join(mount, Dir)
	var n int64
	err = WriteFile(dir, name, func(w0 io.Writer) error {
		cw := &countWriter{w: w0}
		err := WriteBundle(cw, b, id.Signer, opt.Progress)
		n = cw.n
		return err
	})
	if err != nil {
		return Exported{}, fmt.Errorf("transfer: export: %w", err)
	}
	return Exported{Path: filepath.Join(dir, name), Records: len(recs), Kinds: kinds, Bytes: n}, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Settler is what ImportReceipt needs from the outbox (*outbox.Store).
type Settler interface {
	Get(id string) (outbox.Record, error)
	MarkDelivered(ids ...string) error
	MarkRejected(id, code, reason string) error
}

// Imported says what a receipt changed on the kiosk.
type Imported struct {
	BundleID  string
	Delivered int // records now marked delivered
	// DeliveredAudit counts the staff audit entries among Delivered.
	DeliveredAudit int
	Refused        int // records central refused, now waiting for staff (needs attention)
	Settled        int // records the receipt lists that were already delivered or parked, or are gone
}

// ImportReceipt checks a receipt file (signed by the CA in id, for id's kiosk) and
// marks the records central took as delivered, and those it refused as needing
// attention. A receipt for another kiosk (ErrOtherKiosk), with a bad signature
// (ErrSignature), cut short (ErrTruncated), or already imported (ErrReplayed)
// changes nothing.
func ImportReceipt(q Settler, id *Identity, data []byte) (Imported, error) {
	r, err := ReadReceipt(data, id.CA)
	if err != nil {
		return Imported{}, err
	}
	if r.KioskID != id.KioskID {
		return Imported{}, fmt.Errorf("%w: receipt for kiosk %s, this is %s", ErrOtherKiosk, clipBytes([]byte(r.KioskID)), id.KioskID)
	}
	out := Imported{BundleID: r.BundleID}
	var took []string
	tookAudit := 0
	type refusal struct{ id, code, reason string }
	var refused []refusal
	for _, res := range r.Results {
		rec, err := q.Get(res.ID)
		if errors.Is(err, outbox.ErrNotFound) {
			out.Settled++ // purged after delivery, or never this kiosk's
			continue
		}
		if err != nil {
			return Imported{}, fmt.Errorf("transfer: receipt %s: %w", r.BundleID, err)
		}
		if rec.State != outbox.Queued && rec.State != outbox.InFlight {
			if rec.State == outbox.NeedsAttention && res.Status != wire.StatusRejected {
				// Central holds it after all (a record parked for a network reason,
				// then carried by the stick): it is delivered.
				took = append(took, res.ID)
				if rec.Kind == wire.KindStaffAudit {
					tookAudit++
				}
				continue
			}
			out.Settled++
			continue
		}
		if res.Status == wire.StatusRejected {
			refused = append(refused, refusal{res.ID, res.Code, res.Reason})
		} else {
			took = append(took, res.ID)
			if rec.Kind == wire.KindStaffAudit {
				tookAudit++
			}
		}
	}
	if len(took) == 0 && len(refused) == 0 {
		return out, fmt.Errorf("%w: bundle %s", ErrReplayed, r.BundleID)
	}
	if len(took) > 0 {
		if err := q.MarkDelivered(took...); err != nil && !errors.Is(err, outbox.ErrNotFound) {
			return out, fmt.Errorf("transfer: receipt %s: %w", r.BundleID, err)
		}
		out.Delivered, out.DeliveredAudit = len(took), tookAudit
	}
	for _, rf := range refused {
		reason := "refused by central (USB import): " + rf.reason
		if err := q.MarkRejected(rf.id, rf.code, strings.TrimSpace(reason)); err != nil {
			if errors.Is(err, outbox.ErrState) {
				out.Settled++ // delivered meanwhile over the network
				continue
			}
			return out, fmt.Errorf("transfer: receipt %s: %w", r.BundleID, err)
		}
		out.Refused++
	}
	return out, nil
}
