package transfer

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bawaba/bawaba/internal/atomicfile"
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
	// Former are the kiosk IDs this kiosk had before it re-enrolled (Retire),
	// oldest first: a bundle exported under one is answered by a receipt for
	// it, which ImportReceipt still takes.
	Former []Former
}

// Former is a kiosk ID this kiosk had before a re-enrolment, with the central
// CA it was enrolled under (a re-enrolment may move the kiosk to another
// central service, whose receipts that CA alone checks).
type Former struct {
	KioskID string            `json:"kiosk_id"`
	CAPEM   string            `json:"ca"`
	CA      *x509.Certificate `json:"-"`
}

// FormerFile is the file in the identity directory that lists the kiosk's
// former IDs (JSON, written by Retire).
const FormerFile = "former-ids.json"

// Retire notes the identity in dir as a former one of this kiosk, before a
// re-enrolment replaces it, so that receipts for bundles exported under it are
// still taken afterwards. A kiosk that has no identity yet has nothing to
// retire. Noting the current identity is harmless: it is still this kiosk's.
func Retire(dir string) error {
	id, err := LoadIdentity(dir)
	if errors.Is(err, client.ErrNotEnrolled) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, f := range id.Former {
		if f.KioskID == id.KioskID && f.CA.Equal(id.CA) {
			return nil
		}
	}
	caPEM, err := os.ReadFile(filepath.Join(dir, client.CAFile))
	if err != nil {
		return fmt.Errorf("transfer: retire: %w", err)
	}
	former := append(id.Former, Former{KioskID: id.KioskID, CAPEM: string(caPEM)})
	b, err := json.MarshalIndent(former, "", "  ")
	if err != nil {
		return fmt.Errorf("transfer: retire: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, FormerFile), append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("transfer: retire: %w", err)
	}
	return nil
}

// readFormer reads the former IDs in dir; none when the kiosk never
// re-enrolled.
func readFormer(dir string) ([]Former, error) {
	b, err := os.ReadFile(filepath.Join(dir, FormerFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("transfer: identity: %w", err)
	}
	return parseFormer(b)
}

// parseFormer parses FormerFile's bytes.
func parseFormer(b []byte) ([]Former, error) {
	var former []Former
	if err := json.Unmarshal(b, &former); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrFormat, FormerFile, err)
	}
	for i := range former {
		blk, _ := pem.Decode([]byte(former[i].CAPEM))
		if former[i].KioskID == "" || blk == nil || blk.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("%w: %s: entry %d has no kiosk ID or no PEM certificate", ErrFormat, FormerFile, i)
		}
		ca, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: entry %d: %v", ErrFormat, FormerFile, i, err)
		}
		former[i].CA = ca
	}
	return former, nil
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
	former, err := readFormer(dir)
	if err != nil {
		return nil, err
	}
	return &Identity{KioskID: leaf.Subject.CommonName, Signer: signer, Chain: pair.Certificate, CA: ca, Former: former}, nil
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

// readReceipt reads a receipt for this kiosk: for its kiosk ID, signed by its
// CA, or for one of its former IDs, signed by the CA that ID was enrolled
// under. Anything else is another kiosk's (ErrOtherKiosk) or badly signed.
func (id *Identity) readReceipt(data []byte) (*Receipt, error) {
	r, err := ReadReceipt(data, id.CA)
	if err == nil && r.KioskID == id.KioskID {
		return r, nil
	}
	for _, f := range id.Former {
		fr := r
		if !f.CA.Equal(id.CA) || err != nil {
			var ferr error
			if fr, ferr = ReadReceipt(data, f.CA); ferr != nil {
				continue
			}
		}
		if fr.KioskID == f.KioskID {
			return fr, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%w: receipt for kiosk %s, this is %s", ErrOtherKiosk, clipBytes([]byte(r.KioskID)), id.KioskID)
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
// attention. A receipt for one of the kiosk's former IDs (Identity.Former: a
// bundle exported before a re-enrolment) is this kiosk's too. A receipt for
// another kiosk (ErrOtherKiosk), with a bad signature
// (ErrSignature), cut short (ErrTruncated), or already imported (ErrReplayed)
// changes nothing.
func ImportReceipt(q Settler, id *Identity, data []byte) (Imported, error) {
	r, err := id.readReceipt(data)
	if err != nil {
		return Imported{}, err
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
