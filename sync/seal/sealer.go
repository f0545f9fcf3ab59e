package seal

import (
	"crypto/hpke"
	"sync"
)

// Sealer seals to one PublicKey with encapsulations prepared in the background. Each
// prepared context seals exactly one payload and is then dropped, so its output is
// the same as PublicKey.Seal's and opens with Open. When none is ready, Seal prepares
// one inline. Sealers are safe for concurrent use.
type Sealer struct {
	key   PublicKey
	ready chan prepared
	stop  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

type prepared struct {
	enc    []byte
	sender *hpke.Sender
}

// NewSealer checks key and starts keeping up to ahead contexts ready (ahead <= 0
// means none: every Seal prepares inline). Close stops the background work.
func (p PublicKey) NewSealer(ahead int) (*Sealer, error) {
	if _, _, err := p.prepare(); err != nil {
		return nil, err
	}
	s := &Sealer{key: p, ready: make(chan prepared, max(ahead, 0)), stop: make(chan struct{})}
	if ahead > 0 {
		s.wg.Go(s.fill)
	}
	return s, nil
}

// Key returns the key the Sealer seals to.
func (s *Sealer) Key() PublicKey { return s.key }

func (s *Sealer) fill() {
	for {
		enc, sender, err := s.key.prepare()
		if err != nil {
			return // the key was checked in NewSealer; Seal reports any error inline
		}
		select {
		case s.ready <- prepared{enc, sender}:
		case <-s.stop:
			return
		}
	}
}

// Seal is PublicKey.Seal using a prepared context when one is ready.
func (s *Sealer) Seal(recordID, kind string, plaintext []byte) ([]byte, error) {
	select {
	case p := <-s.ready:
		return sealWith(p.enc, p.sender, recordID, kind, plaintext)
	default:
		return s.key.Seal(recordID, kind, plaintext)
	}
}

// Close stops preparing contexts and drops the ready ones. Seal keeps working, inline.
func (s *Sealer) Close() {
	s.once.Do(func() {
		close(s.stop)
		s.wg.Wait()
		for {
			select {
			case <-s.ready:
			default:
				return
			}
		}
	})
}
