package seal

import (
	"sync"
	"time"
)

// Default epoch bounds of a Sealer (see SealerOptions).
const (
	DefaultEpochRecords = 1000
	DefaultEpochAge     = time.Hour
)

// SealerOptions configure a Sealer. Every field documents what its zero value means.
type SealerOptions struct {
	// Ahead is how many epochs are kept prepared in the background, so that starting
	// an epoch does not wait for the KEM encapsulation. Zero or negative means none:
	// Seal prepares a new epoch inline. More than 2 counts as 2: an epoch serves many
	// payloads, and a prepared epoch is one more secret held in memory.
	Ahead int
	// EpochRecords is how many payloads one epoch seals. Zero means
	// DefaultEpochRecords; 1 gives every payload its own encapsulation.
	EpochRecords int
	// EpochAge is how long an epoch may be used after it was prepared. Zero means
	// DefaultEpochAge.
	EpochAge time.Duration
	// Now is the clock. Nil means time.Now.
	Now func() time.Time
}

// Sealer seals to one PublicKey in epochs: one HPKE encapsulation serves up to
// EpochRecords payloads or EpochAge, whichever ends first, and each payload gets its
// own key exported from the epoch's context (see the package doc). Epochs live in
// memory only: a new Sealer — a restarted kiosk — starts a new one. Sealers are safe
// for concurrent use.
type Sealer struct {
	key   PublicKey
	opts  SealerOptions
	ready chan *epoch
	stop  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once

	mu  sync.Mutex
	cur *epoch
}

// NewSealer is NewSealerWith(SealerOptions{Ahead: ahead}).
func (p PublicKey) NewSealer(ahead int) (*Sealer, error) {
	return p.NewSealerWith(SealerOptions{Ahead: ahead})
}

// NewSealerWith checks the key and starts keeping opts.Ahead epochs prepared. Close
// stops the background work.
func (p PublicKey) NewSealerWith(opts SealerOptions) (*Sealer, error) {
	if opts.EpochRecords <= 0 {
		opts.EpochRecords = DefaultEpochRecords
	}
	if opts.EpochAge <= 0 {
		opts.EpochAge = DefaultEpochAge
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.Ahead = min(max(opts.Ahead, 0), 2)
	first, err := p.newEpoch(opts.Now())
	if err != nil {
		return nil, err
	}
	s := &Sealer{key: p, opts: opts, ready: make(chan *epoch, opts.Ahead), stop: make(chan struct{}), cur: first}
	if opts.Ahead > 0 {
		s.wg.Go(s.fill)
	}
	return s, nil
}

// Key returns the key the Sealer seals to.
func (s *Sealer) Key() PublicKey { return s.key }

func (s *Sealer) fill() {
	for {
		e, err := s.key.newEpoch(s.opts.Now())
		if err != nil {
			return // the key was checked in NewSealerWith; Seal reports any error inline
		}
		select {
		case s.ready <- e:
		case <-s.stop:
			return
		}
	}
}

// fresh reports whether e may still seal at now.
func (s *Sealer) fresh(e *epoch, now time.Time) bool {
	age := now.Sub(e.created)
	return e.next < uint64(s.opts.EpochRecords) && age < s.opts.EpochAge && age >= -time.Minute
}

// Seal encrypts plaintext for the holder of the private key, bound to recordID and
// kind, in the current epoch; it starts a new epoch when the current one is used up.
func (s *Sealer) Seal(recordID, kind string, plaintext []byte) ([]byte, error) {
	s.mu.Lock()
	now := s.opts.Now()
	for s.cur == nil || !s.fresh(s.cur, now) {
		s.cur = nil
		select {
		case e := <-s.ready:
			if s.fresh(e, now) {
				s.cur = e
			}
		default:
			e, err := s.key.newEpoch(now)
			if err != nil {
				s.mu.Unlock()
				return nil, err
			}
			s.cur = e
		}
	}
	e, seq := s.cur, s.cur.next
	s.cur.next++
	s.mu.Unlock()
	return e.seal(seq, recordID, kind, plaintext)
}

// Close stops preparing epochs and drops the prepared ones and the current one. Seal
// keeps working, preparing epochs inline.
func (s *Sealer) Close() {
	s.once.Do(func() {
		close(s.stop)
		s.wg.Wait()
		s.mu.Lock()
		s.cur = nil
		s.mu.Unlock()
		for {
			select {
			case <-s.ready:
			default:
				return
			}
		}
	})
}
