// Package speechtest is the test kit of kiosk/speech: a Recorder engine that
// keeps what it was asked to say, so flow tests can check what is spoken and
// that no secret ever is.
package speechtest

import (
	"context"
	"strings"
	"sync"

	"github.com/bawaba/bawaba/kiosk/speech"
)

// Recorder is a speech.Engine that records every utterance instead of playing it.
type Recorder struct {
	// Err, when set, is returned by Say (an engine with no audio device).
	Err error

	mu    sync.Mutex
	said  []speech.Utterance
	stops int
}

var _ speech.Engine = (*Recorder)(nil)

// Say implements speech.Engine.
func (r *Recorder) Say(_ context.Context, u speech.Utterance) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	u.Parts = append([]speech.Part(nil), u.Parts...)
	r.said = append(r.said, u)
	return r.Err
}

// Stop implements speech.Engine.
func (r *Recorder) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stops++
}

// Said returns every utterance so far, oldest first.
func (r *Recorder) Said() []speech.Utterance {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]speech.Utterance(nil), r.said...)
}

// Last is the latest utterance; zero when none.
func (r *Recorder) Last() speech.Utterance {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.said) == 0 {
		return speech.Utterance{}
	}
	return r.said[len(r.said)-1]
}

// Keys returns every catalogue key said so far, in order.
func (r *Recorder) Keys() []string {
	var ks []string
	for _, u := range r.Said() {
		ks = append(ks, u.Keys()...)
	}
	return ks
}

// Spelled returns everything spelled so far, joined: a secret found in it was
// spoken.
func (r *Recorder) Spelled() string {
	var sb strings.Builder
	for _, u := range r.Said() {
		for _, p := range u.Parts {
			sb.WriteString(p.Spell)
			sb.WriteByte('|')
		}
	}
	return sb.String()
}

// Stops counts Stop calls.
func (r *Recorder) Stops() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stops
}

// Reset forgets what was said.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.said, r.stops = nil, 0
}
