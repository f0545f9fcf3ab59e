// Package docreader drives serial MRZ document readers (passport and ID-card
// readers such as Desko, 3M/Gemalto and Honeywell OCR imagers in COM-port mode).
// The reader sends a message when a document is inserted; Run frames the bytes with
// mrz.Framer and reports each document, or the typed reason it was rejected, so the
// UI can say "please insert the document again".
package docreader

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/serialport"
)

// Result is one inserted document: Doc when all check digits passed, else Err (an
// *mrz.Error saying which field failed).
type Result struct {
	Doc *mrz.Document
	Err error
}

// Reader drives a document reader on an open port.
type Reader struct {
	// Gap ends a message without ETX; zero means mrz.DefaultGap.
	Gap time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Run reports documents from r to emit until ctx ends or the port fails.
func (rd *Reader) Run(ctx context.Context, r io.Reader, emit func(Result)) error {
	now := rd.Now
	if now == nil {
		now = time.Now
	}
	f := &mrz.Framer{Gap: rd.Gap}
	deliver := func(msg []byte) {
		d, err := mrz.Decode(msg)
		emit(Result{Doc: d, Err: err})
	}
	err := serialport.Pump(ctx, r, func(b []byte) {
		for _, m := range f.Feed(b, now()) {
			deliver(m)
		}
	}, func() {
		if m := f.Idle(now()); m != nil {
			deliver(m)
		}
	})
	return fmt.Errorf("docreader: %w", err)
}
