package manager

import (
	"context"
	"io"
	"time"

	"github.com/bawaba/bawaba/devices/cardreader"
	"github.com/bawaba/bawaba/devices/magstripe"
)

// cardreaderReader adapts cardreader.Reader to the manager's clock.
type cardreaderReader struct{ now func() time.Time }

func (r *cardreaderReader) run(ctx context.Context, rd io.Reader, emit func(*magstripe.Card, error)) error {
	return (&cardreader.Reader{Now: r.now}).Run(ctx, rd, func(res cardreader.Result) { emit(res.Card, res.Err) })
}
