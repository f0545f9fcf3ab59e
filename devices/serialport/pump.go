package serialport

import (
	"context"
	"errors"
	"io"
)

// Pump reads r until ctx ends or a read fails. Each chunk of bytes goes to onData;
// each quiet read timeout (ErrTimeout) calls onIdle, which lets framers end a message
// on an inter-byte gap. It returns ctx.Err() when the context ends, and the read
// error otherwise (io.EOF or a *PortError with Code Disconnected when the device goes
// away).
func Pump(ctx context.Context, r io.Reader, onData func([]byte), onIdle func()) error {
	buf := make([]byte, 512)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := r.Read(buf)
		if n > 0 {
			onData(buf[:n])
		}
		switch {
		case err == nil:
		case errors.Is(err, ErrTimeout):
			if onIdle != nil {
				onIdle()
			}
		default:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
	}
}
