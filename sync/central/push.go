package central

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	gosync "sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// StoredRecord is a record as kept by the central service: still sealed, with when
// it arrived. State and Code, the back office's outcome, are filled in from the
// request status when listing.
type StoredRecord struct {
	wire.Record
	Received time.Time `json:"received"`
	// Purged is when the sealed payload was removed, after the retention
	// (purge.go); Sealed is then empty.
	Purged time.Time `json:"purged,omitzero"`
	State  string    `json:"state,omitempty"`
	Code   string    `json:"code,omitempty"`
}

// commitTimeout bounds the commit of what a batch has prepared when its request
// ends early (the kiosk hung up, or central is shutting down).
const commitTimeout = 10 * time.Second

// prepared is one record of a batch after the checks that need no transaction.
type prepared struct {
	idx int
	in  backoffice.Input
	val []byte // the StoredRecord JSON, encoded before the transaction
}

func validID(s string) bool {
	if s == "" || len(s) > wire.MaxIDLen {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_.:", r)) {
			return false
		}
	}
	return true
}

// clip bounds and cleans a client string before it is echoed in an answer or a
// log line: at most wire.MaxIDLen bytes, printable ASCII, with "…" when cut. A
// valid ID passes unchanged, so a kiosk finds its records in the answer.
func clip(s string) string {
	cut := len(s) > wire.MaxIDLen
	if cut {
		s = s[:wire.MaxIDLen]
	}
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	if cut {
		return string(b) + "…"
	}
	return string(b)
}

func reject(id, code, reason string) wire.PushResult {
	return wire.PushResult{ID: clip(id), Status: wire.StatusRejected, Code: code, Reason: reason}
}

func (s *Server) handlePush(w http.ResponseWriter, r *http.Request, kioskID string) error {
	start := time.Now()
	// The place is taken before the body is read: the bodies in memory are
	// bounded by the places, and a refused push costs only its headers.
	release, err := s.pushes.enter(kioskID)
	if err != nil {
		return err
	}
	defer release()
	var req wire.PushRequest
	if err := decodePush(w, r, &req); err != nil {
		return err
	}
	if len(req.Records) == 0 {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "empty batch")
	}
	// The request's context ends when the kiosk hangs up or central shuts down:
	// ingest then stops opening and hashing, and commits the records it has
	// prepared, so no work is done for nobody and none already done is lost (the
	// retry finds those stored, as duplicates).
	results, declined, err := s.ingest(r.Context(), kioskID, req.Records)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, res := range results {
		counts[res.Status]++
	}
	for _, res := range results {
		if res.Status == wire.StatusRejected {
			s.log.Warn("record rejected", "kiosk", kioskID, "record", clip(res.ID), "code", res.Code)
		}
	}
	s.metrics.batch(time.Since(start), counts, declined)
	s.log.Info("batch stored", "kiosk", kioskID, "records", len(results), "accepted", counts[wire.StatusAccepted],
		"duplicate", counts[wire.StatusDuplicate], "rejected", counts[wire.StatusRejected])
	writeJSON(w, http.StatusOK, wire.PushResponse{Results: results})
	return nil
}

// ingest checks, opens, stores and applies a batch. It returns only after every
// accepted record is committed; on error nothing of the batch is stored, except
// when ctx ends midway: the records prepared by then are committed, the rest is
// not, and the error is a 503 (the kiosk, if still there, sends all again).
func (s *Server) ingest(ctx context.Context, kioskID string, recs []wire.Record) (_ []wire.PushResult, declined int, _ error) {
	b, err := s.prepareBatch(ctx, kioskID, recs)
	if err != nil {
		return nil, 0, err
	}
	return s.commitBatch(ctx, kioskID, b)
}

// batch is a batch of records checked, opened and hashed (prepareBatch), not yet
// stored (commitBatch).
type batch struct {
	recs    []wire.Record
	results []wire.PushResult // the rejected and duplicate ones so far
	todo    []prepared        // the records to insert and apply
	now     time.Time         // when they are received
	stopped error             // ctx ended while preparing: todo is what was ready
}

// prepareBatch does the work of ingest that needs no write transaction: the checks,
// opening, decoding, password hashing. It may run while another batch commits —
// Import overlaps them — since nothing it decides is final: whether a record is
// new is settled by the insert in commitBatch's transaction, so a record stored
// meanwhile is still answered "duplicate" and applied once.
func (s *Server) prepareBatch(ctx context.Context, kioskID string, recs []wire.Record) (*batch, error) {
	results := make([]wire.PushResult, len(recs))
	now := s.now()
	// Registrations already stored are answered "duplicate" before their slow
	// password hash; other duplicates are caught by the insert in the transaction.
	stored := make([]bool, len(recs))
	err := s.st.View(ctx, func(tx store.Tx) error {
		for i, rec := range recs {
			if !validID(rec.ID) || rec.Kind != wire.KindRegistration {
				continue
			}
			_, err := tx.Get(store.Records, rec.ID)
			if err == nil {
				stored[i] = true
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, unavailable(err)
	}
	checked := s.checkAll(ctx, kioskID, recs, stored, now)
	var todo []prepared
	seen := map[string]bool{}
	for i, rec := range recs {
		if stored[i] || seen[rec.ID] {
			results[i] = wire.PushResult{ID: rec.ID, Status: wire.StatusDuplicate}
			continue
		}
		if !checked[i].done {
			continue // ctx ended before it was looked at
		}
		results[i] = checked[i].res
		if checked[i].res.Status == "" {
			// The first valid occurrence of an ID counts; a later one is a duplicate.
			seen[rec.ID] = true
			todo = append(todo, prepared{idx: i, in: checked[i].in, val: checked[i].val})
		}
	}
	todo, err = s.hashPasswords(ctx, todo)
	if err != nil {
		return nil, internal(err)
	}
	return &batch{recs: recs, results: results, todo: todo, now: now, stopped: ctx.Err()}, nil
}

// commitBatch stores and applies a prepared batch in one transaction, then sends
// the outcome SMS it queued. See ingest for what is stored when ctx has ended.
func (s *Server) commitBatch(ctx context.Context, kioskID string, b *batch) (_ []wire.PushResult, declined int, _ error) {
	recs, results, todo, now, stopped := b.recs, b.results, b.todo, b.now, b.stopped
	if stopped == nil {
		stopped = ctx.Err()
	}
	if stopped != nil {
		// Commit what is ready even though the request has ended: a bounded
		// transaction that keeps the hashing already done.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
		defer cancel()
	}
	var queued leased // the outcome SMS queued, sent after the commit
	// Applying reads the clock afresh: password hashing may have taken a while,
	// and one-time-code checks must not gain that time.
	applyAt := s.now()
	// Outcome SMS sent since the last write are dequeued in this one, which is
	// synced anyway (smsoutbox.go).
	sent := s.takeSent()
	err := s.st.Update(ctx, func(tx store.Tx) error {
		if err := dequeueSent(tx, sent); err != nil {
			return err
		}
		// Update may run this more than once: start from scratch every time.
		queued, declined = leased{}, 0
		keys := make([]string, len(todo))
		vals := make([][]byte, len(todo))
		for i, p := range todo {
			keys[i], vals[i] = p.in.Record.ID, p.val
		}
		inserted, err := tx.InsertMany(store.Records, keys, vals)
		if err != nil {
			return err
		}
		ins := make([]backoffice.Input, len(todo))
		for i, p := range todo {
			ins[i] = p.in
		}
		atx, err := backoffice.Prefetch(tx, ins)
		if err != nil {
			return err
		}
		for i, p := range todo {
			rec := p.in.Record
			if !inserted[i] {
				// Stored meanwhile by a concurrent push of the same record.
				results[p.idx] = wire.PushResult{ID: rec.ID, Status: wire.StatusDuplicate}
				continue
			}
			// The outcome is stored under the ref (Statuses), not rewritten here: one
			// write fewer per record.
			out, err := backoffice.Apply(atx, p.in, applyAt)
			if err != nil {
				return err
			}
			if out.Status.State == wire.StateDeclined {
				declined++
			}
			results[p.idx] = wire.PushResult{ID: rec.ID, Status: wire.StatusAccepted}
			// The sealed payload is purged after the retention.
			if err := tx.Put(store.SealedTTL, ttlKey(now, rec.ID), []byte(rec.ID)); err != nil {
				return err
			}
			// The outcome SMS is queued with the decision: a stop after the commit
			// does not lose it (smsoutbox.go).
			if s.sms != nil {
				if err := queueNotices(tx, &queued, rec.ID, out.Notices, applyAt); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		s.markSent(sent)
		return nil, 0, &httpError{status: http.StatusServiceUnavailable, body: wire.Error{Code: wire.ErrUnavailable, Message: "records not stored; retry"}, cause: err}
	}
	s.sendQueued(ctx, queued)
	if stopped != nil {
		s.log.Info("batch cut short", "kiosk", kioskID, "records", len(recs), "stored", len(todo), "why", stopped.Error())
		return nil, declined, &httpError{status: http.StatusServiceUnavailable,
			body: wire.Error{Code: wire.ErrUnavailable, Message: "batch cut short; retry"}, cause: stopped}
	}
	return results, declined, nil
}

type checkedRecord struct {
	done bool // false when ctx ended before the record was checked
	res  wire.PushResult
	in   backoffice.Input
	val  []byte
}

// checkAll checks and opens the records not already stored, on up to GOMAXPROCS
// goroutines: opening is the CPU-heavy part, and one kiosk's batch should use every
// core. The workers hold openSlot, so however many batches arrive at once only
// GOMAXPROCS records are being opened and the committing goroutine is not starved
// by hundreds of runnable openers. They also encode each good record as stored
// (received at now), so that the store transaction — one at a time — only writes.
func (s *Server) checkAll(ctx context.Context, kioskID string, recs []wire.Record, skip []bool, now time.Time) []checkedRecord {
	out := make([]checkedRecord, len(recs))
	var next atomic.Int64
	var wg gosync.WaitGroup
	for range min(cap(s.openSlot), len(recs)) {
		wg.Go(func() {
			s.openSlot <- struct{}{}
			defer func() { <-s.openSlot }()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(recs) || ctx.Err() != nil {
					return
				}
				if skip[i] {
					continue
				}
				out[i].done = true
				out[i].res, out[i].in = s.check(ctx, kioskID, recs[i])
				if out[i].res.Status == "" {
					out[i].val, _ = json.Marshal(StoredRecord{Record: recs[i], Received: now})
				}
			}
		})
	}
	wg.Wait()
	return out
}

// check validates one record's metadata, opens it and decodes its payload. A
// non-empty Status in the result means it is rejected.
func (s *Server) check(ctx context.Context, kioskID string, rec wire.Record) (wire.PushResult, backoffice.Input) {
	switch {
	case !validID(rec.ID) || !validID(rec.Ref) || !validID(rec.KeyID):
		return reject(rec.ID, wire.RejectInvalid, "id, ref and key_id must be 1-64 ASCII letters, digits or -_.:"), backoffice.Input{}
	case rec.Created.IsZero():
		return reject(rec.ID, wire.RejectInvalid, "created is missing"), backoffice.Input{}
	case len(rec.Sealed) == 0 || len(rec.Sealed) > wire.MaxSealedBytes:
		return reject(rec.ID, wire.RejectInvalid, fmt.Sprintf("sealed must be 1-%d bytes", wire.MaxSealedBytes)), backoffice.Input{}
	case !isKind(rec.Kind):
		return reject(rec.ID, wire.RejectUnknownKind, "unknown kind"), backoffice.Input{}
	case rec.KioskID != kioskID:
		return reject(rec.ID, wire.RejectKioskMismatch, "kiosk_id is not the certificate's kiosk"), backoffice.Input{}
	}
	key := s.keys.sealKey(rec.KeyID)
	if key == nil {
		// Another replica may have rotated the key: look once more in the store.
		if err := s.reloadKeys(ctx); err == nil {
			key = s.keys.sealKey(rec.KeyID)
		}
	}
	if key == nil {
		return reject(rec.ID, wire.RejectUnknownKey, "no sealing key "+rec.KeyID), backoffice.Input{}
	}
	pt, err := seal.Open(key, rec.ID, rec.Kind, rec.Sealed)
	if err != nil {
		return reject(rec.ID, wire.RejectOpenFailed, "sealed payload does not open with its key, id and kind"), backoffice.Input{}
	}
	payload, err := wire.DecodePayload(rec.Kind, pt)
	clear(pt)
	if err != nil {
		return reject(rec.ID, wire.RejectBadPayload, "payload is not valid JSON of its kind"), backoffice.Input{}
	}
	return wire.PushResult{}, backoffice.Input{Record: rec, Payload: payload, ProvenID: s.provenID(rec, payload)}
}

func isKind(k string) bool {
	for _, v := range wire.Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// hashPasswords replaces each registration's clear password by its slow hash, using
// at most GOMAXPROCS hashes at once across all requests. When ctx ends it starts no
// more hashes: the registrations left unhashed are dropped from the returned list
// (they must not be applied without their hash) and the rest is returned.
func (s *Server) hashPasswords(ctx context.Context, todo []prepared) ([]prepared, error) {
	var wg gosync.WaitGroup
	errs := make([]error, len(todo))
	hashed := make([]bool, len(todo))
	for i := range todo {
		reg, ok := todo[i].in.Payload.(*wire.Registration)
		if !ok || reg.Password == "" {
			hashed[i] = true
			continue
		}
		// The national SSO's username and password rules, the same code the kiosk
		// checks them with. A breach leaves PasswordHash empty: the back office then
		// declines the registration as invalid, and no hash work is spent on it.
		if len(identity.CheckUsername(reg.Username)) > 0 || len(identity.CheckPassword(reg.Password, reg.Password, reg.Username)) > 0 {
			reg.Password = ""
			hashed[i] = true
			continue
		}
		taken := false
		if ctx.Err() == nil {
			select {
			case s.hashSlot <- struct{}{}:
				taken = true
			case <-ctx.Done():
			}
		}
		if !taken {
			break
		}
		wg.Go(func() {
			defer func() { <-s.hashSlot }()
			todo[i].in.PasswordHash, errs[i] = backoffice.HashPassword(reg.Password, s.iter)
			reg.Password = ""
			hashed[i] = true
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	kept := todo[:0]
	for i, p := range todo {
		if hashed[i] {
			kept = append(kept, p)
		} else if reg, ok := p.in.Payload.(*wire.Registration); ok {
			reg.Password = ""
		}
	}
	return kept, nil
}

// smsText is the catalogue text key in the person's language (lang "en" is
// English, anything else Arabic), formatted with args. Every SMS central sends is
// written in assets/translations/sms.*.json.
func smsText(lang, key string, args ...any) string {
	l := i18n.AR
	if lang == "en" {
		l = i18n.EN
	}
	return i18n.Tf(l, key, args...)
}
