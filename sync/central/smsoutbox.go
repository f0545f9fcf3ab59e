package central

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/central/store"
)

// The outcome SMS of a record is queued in the store (store.SMSOutbox) in the
// transaction that stores the decision, so a central service that stops between
// the commit and the send still sends it: the next start finds it queued. The
// push tries it at once after the commit; whatever that try leaves (a gateway
// down, a crash) the sender loop in Run retries with backoff. A message may thus
// go to the gateway twice (sent, then a crash before it is dequeued), always with
// the same idempotency key, which a gateway delivers once: exactly once in effect.

// SMS outbox timing.
const (
	// smsLease is how long a message being sent is hidden from other senders (the
	// push that queued it, another replica's loop): a sender that dies with a
	// message in hand gives it back after this long.
	smsLease = 2 * time.Minute
	// smsMaxAge is how long a message is retried before it is given up (logged,
	// counted): an outcome days late would confuse more than it tells.
	smsMaxAge = 72 * time.Hour
	// smsPoll is how often the loop looks for messages whose time has come.
	smsPoll = 5 * time.Second
	// smsBatch is how many messages one round of the loop claims.
	smsBatch = 32
)

// smsRetryDelay is the wait after the n-th failed try: 5 s doubling to 10 min.
// The gateway sender already retries within a try; this spaces the tries of a
// gateway that stays down.
func smsRetryDelay(n int) time.Duration {
	d := 5 * time.Second
	for i := 1; i < n && d < 10*time.Minute; i++ {
		d *= 2
	}
	return min(d, 10*time.Minute)
}

// queuedSMS is one message in store.SMSOutbox.
type queuedSMS struct {
	// ID is the idempotency key given to the gateway: the record's ID and the
	// notice's index, the same however often the transaction that queued it ran.
	ID       string    `json:"id"`
	Mobile   string    `json:"mobile"`
	Text     string    `json:"text"`
	Queued   time.Time `json:"queued"`
	Attempts int       `json:"attempts"`
	// NotBefore is when a sender may take it: its lease or its backoff.
	NotBefore time.Time `json:"not_before"`
}

// smsKey is the queue key: the queue time first, so a scan goes oldest first.
func smsKey(queued time.Time, id string) string {
	return fmt.Sprintf("%020d/%s", queued.UnixNano(), id)
}

// queueNotices renders the notices of record recID in the person's language and
// queues them in tx, leased to the caller (which sends them right after the
// commit), and appends them to q.
func queueNotices(tx store.Tx, q *leased, recID string, notices []backoffice.Notice, now time.Time) error {
	for i, n := range notices {
		m := queuedSMS{ID: "outcome-" + recID + "-" + strconv.Itoa(i), Mobile: n.Mobile, Text: smsText(n.Lang, n.Key, n.Args...),
			Queued: now, NotBefore: now.Add(smsLease)}
		b, err := json.Marshal(m)
		if err != nil {
			return err
		}
		k := smsKey(now, m.ID)
		if err := tx.Put(store.SMSOutbox, k, b); err != nil {
			return fmt.Errorf("central: queue SMS: %w", err)
		}
		q.keys, q.msgs = append(q.keys, k), append(q.msgs, m)
	}
	return nil
}

// leased are queued messages a sender holds, with their queue keys.
type leased struct {
	keys []string
	msgs []queuedSMS
}

// smsInline bounds the tries a push makes after its commit, over all its
// messages: the kiosk waits for the answer, and the loop in Run retries what is left.
const smsInline = 5 * time.Second

// sendQueued sends the messages a push queued, right after its commit. The
// kiosk's answer waits for the sends (bounded by smsInline) but not for a synced
// write of their outcome: a sent message is dequeued by the next write that goes
// by anyway (the next push's transaction, or the loop's next round), and a
// failure is recorded in the background. A stop before that write leaves a sent
// message queued, and it is sent again under the same key after the restart.
func (s *Server) sendQueued(ctx context.Context, q leased) {
	if s.sms == nil || len(q.keys) == 0 {
		return
	}
	// The decision is committed: a kiosk that hangs up (a dropped link, its
	// own timeout) must not cut the sends short, or the messages not yet sent
	// would wait out their lease before the loop tries them.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), smsInline)
	errs := s.sendAll(sctx, q.msgs, true)
	cancel()
	var sent []string
	for i, err := range errs {
		if err == nil {
			sent = append(sent, q.keys[i])
			s.metrics.sms("sent")
		}
	}
	s.markSent(sent)
	if len(sent) == len(errs) {
		return
	}
	k := len(sent) // the failed one follows the sent ones: sendAll stops at it
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		s.recordOutcomes(context.WithoutCancel(ctx), q.keys[k:k+1], q.msgs[k:k+1], errs[k:])
	}()
}

// markSent notes queue keys of messages sent whose dequeue is not yet written.
func (s *Server) markSent(keys []string) {
	if len(keys) == 0 {
		return
	}
	s.sentMu.Lock()
	s.sent = append(s.sent, keys...)
	s.sentMu.Unlock()
}

// takeSent returns the keys markSent noted and forgets them; a caller whose
// transaction then fails gives them back with markSent.
func (s *Server) takeSent() []string {
	s.sentMu.Lock()
	defer s.sentMu.Unlock()
	keys := s.sent
	s.sent = nil
	return keys
}

// dequeueSent deletes the sent messages keys inside tx; deleting one already
// gone is no error.
func dequeueSent(tx store.Tx, keys []string) error {
	for _, k := range keys {
		if err := tx.Delete(store.SMSOutbox, k); err != nil {
			return err
		}
	}
	return nil
}

// flushSent writes the dequeues markSent noted, in a transaction of its own.
func (s *Server) flushSent(ctx context.Context) {
	keys := s.takeSent()
	if len(keys) == 0 {
		return
	}
	if err := s.st.Update(ctx, func(tx store.Tx) error { return dequeueSent(tx, keys) }); err != nil {
		s.markSent(keys)
		if ctx.Err() == nil {
			s.log.Warn("SMS outbox: sent messages not dequeued yet", "messages", len(keys), "err", err)
		}
	}
}

// sendAll sends msgs one by one and returns the error of each one tried. With
// stopAtFailure (a push's own try) it stops at the first failure: the gateway is
// likely down for the others too, which keep their lease and go with the loop.
func (s *Server) sendAll(ctx context.Context, msgs []queuedSMS, stopAtFailure bool) []error {
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		var err error
		if ks, ok := s.sms.(sms.KeyedSender); ok {
			err = ks.SendKeyed(ctx, m.ID, m.Mobile, m.Text)
		} else {
			err = s.sms.Send(ctx, m.Mobile, m.Text)
		}
		errs = append(errs, err)
		if err != nil && stopAtFailure {
			break
		}
	}
	return errs
}

// recordOutcomes records in one transaction what became of the messages tried
// (errs[i] for msgs[i], queued under keys[i]; msgs beyond errs were not tried and
// keep their lease): sent or rejected ones are dequeued, the others wait their
// next try. One write for a batch costs one sync, not one per message.
func (s *Server) recordOutcomes(ctx context.Context, keys []string, msgs []queuedSMS, errs []error) {
	now := s.now()
	drop := func(i int) bool {
		return errs[i] == nil || errors.Is(errs[i], sms.ErrRejected) || now.Sub(msgs[i].Queued) > smsMaxAge
	}
	// Recording the outcome must outlive a request that has ended: a message sent
	// but left queued would go again (deduplicated by its key, but still a send).
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
	defer cancel()
	gone := make([]bool, len(errs))
	uerr := s.st.Update(rctx, func(tx store.Tx) error {
		for i := range errs {
			gone[i] = false
			if drop(i) {
				if err := tx.Delete(store.SMSOutbox, keys[i]); err != nil {
					return err
				}
				continue
			}
			// Another sender (a replica that took it after the lease) may have sent
			// and dequeued it meanwhile: a failure here must not bring it back.
			if _, err := tx.Get(store.SMSOutbox, keys[i]); errors.Is(err, store.ErrNotFound) {
				gone[i] = true
				continue
			} else if err != nil {
				return err
			}
			m := msgs[i]
			m.Attempts++
			m.NotBefore = now.Add(smsRetryDelay(m.Attempts))
			b, _ := json.Marshal(m)
			if err := tx.Put(store.SMSOutbox, keys[i], b); err != nil {
				return err
			}
		}
		return nil
	})
	if uerr != nil {
		s.log.Warn("SMS outcomes not recorded; they may be sent again (same key)", "messages", len(errs), "err", uerr)
		return
	}
	for i, err := range errs {
		m := msgs[i]
		switch {
		case gone[i]:
		case err == nil:
			s.metrics.sms("sent")
		case drop(i):
			s.metrics.sms("dropped")
			s.log.Error("SMS given up", "sms", m.ID, "attempts", m.Attempts+1, "err", err)
		default:
			s.metrics.sms("retry")
			s.log.Warn("SMS not sent; will retry", "sms", m.ID, "attempts", m.Attempts+1, "err", err)
		}
	}
}

// claimDue leases up to smsBatch messages whose time has come, oldest first.
func (s *Server) claimDue(ctx context.Context) ([]string, []queuedSMS, error) {
	var keys []string
	var msgs []queuedSMS
	now := s.now()
	err := s.st.Update(ctx, func(tx store.Tx) error {
		keys, msgs = keys[:0], msgs[:0]
		err := tx.Scan(store.SMSOutbox, "", 0, func(k string, v []byte) error {
			var m queuedSMS
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("central: SMS %s: %w", k, err)
			}
			if !m.NotBefore.After(now) {
				keys, msgs = append(keys, k), append(msgs, m)
			}
			if len(keys) == smsBatch {
				return errFull
			}
			return nil
		})
		if err != nil && !errors.Is(err, errFull) {
			return err
		}
		for i, m := range msgs {
			m.NotBefore = now.Add(smsLease)
			b, _ := json.Marshal(m)
			if err := tx.Put(store.SMSOutbox, keys[i], b); err != nil {
				return err
			}
		}
		return nil
	})
	return keys, msgs, err
}

var errFull = errors.New("batch full")

// releaseUntried makes every message never tried due now. At start, those are
// the messages a push queued and leased to itself: if that push's process died
// before sending, waiting out the lease would only delay them; if another replica
// is sending one right now, sending it again is deduplicated by its key.
func (s *Server) releaseUntried(ctx context.Context) error {
	now := s.now()
	return s.st.Update(ctx, func(tx store.Tx) error {
		var keys []string
		var msgs []queuedSMS
		err := tx.Scan(store.SMSOutbox, "", 0, func(k string, v []byte) error {
			var m queuedSMS
			if json.Unmarshal(v, &m) == nil && m.Attempts == 0 && m.NotBefore.After(now) {
				m.NotBefore = now
				keys, msgs = append(keys, k), append(msgs, m)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i, m := range msgs {
			b, _ := json.Marshal(m)
			if err := tx.Put(store.SMSOutbox, keys[i], b); err != nil {
				return err
			}
		}
		return nil
	})
}

// sendLoop delivers the queued messages until ctx ends.
func (s *Server) sendLoop(ctx context.Context) {
	if s.sms == nil {
		return
	}
	if err := s.releaseUntried(ctx); err != nil && ctx.Err() == nil {
		s.log.Warn("SMS outbox", "err", err)
	}
	// The dequeues of messages sent last are written at exit, if the store still
	// answers: fewer messages sent twice after a restart.
	defer func() {
		fctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
		defer cancel()
		s.flushSent(fctx)
	}()
	for {
		s.flushSent(ctx)
		keys, msgs, err := s.claimDue(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("SMS outbox", "err", err)
		}
		if len(msgs) > 0 {
			s.recordOutcomes(ctx, keys, msgs, s.sendAll(ctx, msgs, false))
		}
		if len(msgs) == smsBatch {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.smsPoll):
		}
	}
}

// SMSQueued is the number of messages in the SMS outbox, sent or not yet.
func (s *Server) SMSQueued(ctx context.Context) (int, error) {
	n := 0
	err := s.st.View(ctx, func(tx store.Tx) error {
		n = 0
		return tx.Scan(store.SMSOutbox, "", 0, func(string, []byte) error { n++; return nil })
	})
	return n, err
}
