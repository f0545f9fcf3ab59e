// Package cardreader drives ATM-style magnetic-stripe card readers in ASCII mode:
// a swipe arrives as track 1 and/or track 2 text, separated and ended by CR/LF.
// Run frames the swipe and reports a magstripe.Card, whose PAN is only ever
// available masked or tokenised, or the typed reason the swipe was rejected.
package cardreader

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/serialport"
)

// DefaultGap ends a swipe that carries no track 2.
const DefaultGap = 200 * time.Millisecond

// maxSwipe bounds a message; two tracks are under 200 bytes.
const maxSwipe = 1024

// Result is one swipe: Card, or Err (a *magstripe.Error).
type Result struct {
	Card *magstripe.Card
	Err  error
}

// Reader drives a card reader on an open port.
type Reader struct {
	// Gap ends a swipe after this much silence; zero means DefaultGap.
	Gap time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Run reports swipes from r to emit until ctx ends or the port fails. A swipe ends
// at the line break after track 2, or on the gap (track-1-only cards, readers that
// send no line break).
func (rd *Reader) Run(ctx context.Context, r io.Reader, emit func(Result)) error {
	now, gap := rd.Now, rd.Gap
	if now == nil {
		now = time.Now
	}
	if gap <= 0 {
		gap = DefaultGap
	}
	var buf []byte
	var last time.Time
	deliver := func() {
		if len(bytes.TrimSpace(buf)) > 0 {
			c, err := magstripe.Parse(buf)
			emit(Result{Card: c, Err: err})
		}
		// Overwrite the swipe so no PAN lingers in this buffer's memory.
		clear(buf)
		buf = buf[:0]
	}
	err := serialport.Pump(ctx, r, func(b []byte) {
		for _, c := range b {
			buf = append(buf, c)
			if (c == '\r' || c == '\n') && track2Done(buf) || len(buf) >= maxSwipe {
				deliver()
			}
		}
		last = now()
	}, func() {
		if len(buf) > 0 && now().Sub(last) >= gap {
			deliver()
		}
	})
	clear(buf)
	return fmt.Errorf("cardreader: %w", err)
}

// track2Done reports whether buf holds a track 2 start sentinel followed by an end
// sentinel.
func track2Done(buf []byte) bool {
	i := bytes.IndexByte(buf, ';')
	return i >= 0 && bytes.IndexByte(buf[i:], '?') >= 0
}
