package central

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

var (
	// ErrBundleRefused is returned by Import when a bundle as a whole is not taken:
	// it does not verify (cut short, changed, not a bundle — the transfer package's
	// error is wrapped too), its certificate is not one this central issued, or its
	// kiosk is not enrolled or is revoked. Nothing of it was applied and no receipt
	// is written: a receipt speaks only for a kiosk central trusts.
	ErrBundleRefused = errors.New("central: bundle refused")
)

// importBatch is how many records of a bundle go through ingest at once: large
// enough for the store to commit in few transactions, small enough that progress
// moves and one transaction stays bounded.
const importBatch = 2000

// ImportSummary says what Import did with a bundle.
type ImportSummary struct {
	KioskID, BundleID             string
	Records                       int
	Accepted, Duplicate, Rejected int
	Declined                      int // accepted, but the back office declined the request
	Elapsed                       time.Duration
}

// Import takes a bundle carried from a kiosk on a USB stick (sync/transfer): it
// verifies the kiosk's signature and certificate (issued by this central's CA, to a
// kiosk enrolled here and not revoked, the certificate it holds now), applies the
// records through the same path as a network push — so a record that arrived, or
// arrives later, over the network is applied once, in any order, and importing the
// same bundle again finds every record a duplicate — and returns a receipt file
// signed with the CA key listing each record's result.
//
// progress, if not nil, is called after each batch with the records done and the
// total. If storage fails midway, the batches before are stored and an error is
// returned without a receipt; importing the bundle again completes it.
func (s *Server) Import(ctx context.Context, bundle []byte, progress func(done, total int)) ([]byte, ImportSummary, error) {
	start := time.Now()
	b, leaf, err := transfer.ReadBundle(bundle)
	if err != nil {
		return nil, ImportSummary{}, fmt.Errorf("%w: %w", ErrBundleRefused, err)
	}
	sum := ImportSummary{KioskID: b.KioskID, BundleID: b.ID, Records: len(b.Records)}
	inter, err := b.Intermediates()
	if err != nil {
		return nil, sum, fmt.Errorf("%w: %w", ErrBundleRefused, err)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: s.ca.Pool(), Intermediates: inter,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, CurrentTime: s.now()}); err != nil {
		return nil, sum, fmt.Errorf("%w: kiosk certificate not issued by this central: %v", ErrBundleRefused, err)
	}
	// The rule of authenticate, for a kiosk that is not there to present its
	// certificate, except that a bundle signed before a renewal stays the kiosk's.
	var k Kiosk
	var found bool
	if err := s.st.View(ctx, func(tx store.Tx) (err error) {
		k, found, err = getKiosk(tx, b.KioskID)
		return err
	}); err != nil {
		return nil, sum, fmt.Errorf("central: import: %w", err)
	}
	switch {
	case !found:
		return nil, sum, fmt.Errorf("%w: kiosk %s is not enrolled here", ErrBundleRefused, b.KioskID)
	case k.Revoked:
		return nil, sum, fmt.Errorf("%w: kiosk %s is revoked", ErrBundleRefused, b.KioskID)
	case !k.heldBy(leaf.SerialNumber.Text(16)):
		return nil, sum, fmt.Errorf("%w: kiosk %s: certificate never held by this kiosk", ErrBundleRefused, b.KioskID)
	}

	results := make([]wire.PushResult, 0, len(b.Records))
	if progress != nil {
		progress(0, len(b.Records))
	}
	// The next batch is checked and opened (prepareBatch, on every core) while
	// this one commits (one writer): the two overlap instead of taking turns.
	// Exactly-once does not rest on the order: each record's insert, in the
	// commit's transaction, decides whether it is new.
	type ready struct {
		b   *batch
		err error
	}
	pctx, cancel := context.WithCancel(ctx)
	var next chan ready
	prepare := func(i int) chan ready {
		ch := make(chan ready, 1)
		go func() {
			pb, err := s.prepareBatch(pctx, b.KioskID, b.Records[i:min(i+importBatch, len(b.Records))])
			ch <- ready{pb, err}
		}()
		return ch
	}
	defer func() {
		// An error returns early: stop the batch being prepared and wait for it.
		cancel()
		if next != nil {
			<-next
		}
	}()
	if len(b.Records) > 0 {
		next = prepare(0)
	}
	for i := 0; i < len(b.Records); i += importBatch {
		n := min(importBatch, len(b.Records)-i)
		bstart := time.Now()
		p := <-next
		next = nil
		if i+importBatch < len(b.Records) {
			next = prepare(i + importBatch)
		}
		err := p.err
		var res []wire.PushResult
		var declined int
		if err == nil {
			res, declined, err = s.commitBatch(ctx, b.KioskID, p.b)
		}
		if err != nil {
			return nil, sum, fmt.Errorf("central: import bundle %s: records %d–%d: %w", b.ID, i+1, i+n, err)
		}
		counts := map[string]int{}
		for _, r := range res {
			counts[r.Status]++
		}
		s.metrics.batch(time.Since(bstart), counts, declined)
		sum.Accepted += counts[wire.StatusAccepted]
		sum.Duplicate += counts[wire.StatusDuplicate]
		sum.Rejected += counts[wire.StatusRejected]
		sum.Declined += declined
		results = append(results, res...)
		if progress != nil {
			progress(len(results), len(b.Records))
		}
	}
	receipt, err := transfer.EncodeReceipt(&transfer.Receipt{KioskID: b.KioskID, BundleID: b.ID,
		BundleSHA256: transfer.BundleDigest(bundle), BundleCreated: b.Created, Issued: s.now(), Results: results}, s.ca.PrivateKey())
	if err != nil {
		return nil, sum, fmt.Errorf("central: import bundle %s: %w", b.ID, err)
	}
	sum.Elapsed = time.Since(start)
	s.log.Info("bundle imported", "kiosk", b.KioskID, "bundle", b.ID, "records", sum.Records, "accepted", sum.Accepted,
		"duplicate", sum.Duplicate, "rejected", sum.Rejected)
	return receipt, sum, nil
}

// Import applies a bundle through the server this Admin came from (Server.Admin);
// see Server.Import. An Admin built on a bare store cannot: it has no CA key.
func (a *Admin) Import(ctx context.Context, bundle []byte, progress func(done, total int)) ([]byte, ImportSummary, error) {
	if a.server == nil {
		return nil, ImportSummary{}, errors.New("central: import needs the service (Server.Admin), not a bare store")
	}
	return a.server.Import(ctx, bundle, progress)
}

// ImportLine is one line of the admin socket's answer to POST /import (JSON lines):
// progress lines while the bundle is applied, then one line with the receipt and
// summary, or with the error.
type ImportLine struct {
	Done    int            `json:"done,omitempty"`
	Total   int            `json:"total,omitempty"`
	Receipt []byte         `json:"receipt,omitempty"`
	Summary *ImportSummary `json:"summary,omitempty"`
	Error   string         `json:"error,omitempty"`
	Refused bool           `json:"refused,omitempty"` // the error is ErrBundleRefused
}

// serveImport streams an import's progress to `central import` on the admin socket,
// so the operator sees it move while the server holds the bbolt file.
func serveImport(w http.ResponseWriter, r *http.Request, a *Admin) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, transfer.MaxFileBytes))
	if err != nil {
		http.Error(w, "read bundle: "+err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	enc := json.NewEncoder(w)
	flush := func() {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	receipt, sum, err := a.Import(r.Context(), body, func(done, total int) {
		enc.Encode(ImportLine{Done: done, Total: total})
		flush()
	})
	if err != nil {
		enc.Encode(ImportLine{Error: err.Error(), Refused: errors.Is(err, ErrBundleRefused)})
		return
	}
	enc.Encode(ImportLine{Receipt: receipt, Summary: &sum})
}
