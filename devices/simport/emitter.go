package simport

import (
	"context"
	"errors"
	"io"
)

// ErrQueueFull is returned by Emit when the device already has messages waiting
// that nobody is reading (the simulator is unplugged or muted for long).
var ErrQueueFull = errors.New("simport: emit queue full")

// Emitter is the body of a device that speaks unsolicited: scanners, card readers
// and document readers send a message when something is scanned, swiped or
// inserted, and ignore what the host sends. Simulators embed it and add the
// device-specific way to build messages.
type Emitter struct {
	Faults
	out chan []byte
}

func (e *Emitter) queue() chan []byte {
	e.Faults.mu.Lock()
	defer e.Faults.mu.Unlock()
	if e.out == nil {
		e.out = make(chan []byte, 16)
	}
	return e.out
}

// Emit queues one message for the line.
func (e *Emitter) Emit(b []byte) error {
	select {
	case e.queue() <- b:
		return nil
	default:
		return ErrQueueFull
	}
}

// EmitGarbage queues n random bytes followed by term, as a misbehaving device or a
// noisy cable would produce.
func (e *Emitter) EmitGarbage(n int, term []byte) error {
	return e.Emit(append(e.Garbage(n), term...))
}

// Serve writes queued messages to rw, through the faults, until ctx ends or rw
// fails. Bytes from the host are read and dropped.
func (e *Emitter) Serve(ctx context.Context, rw io.ReadWriter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		io.Copy(io.Discard, rw)
		cancel()
	}()
	out := e.queue()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case b := <-out:
			if err := e.Send(ctx, rw, b); err != nil {
				return err
			}
		}
	}
}
