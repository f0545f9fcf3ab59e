// Package slip is what the services that queue a request share about its
// receipt: the status QR code that names the reference, and its picture for the
// screen. It imports no UI toolkit, so the UI-free models (kiosk/register) use it
// as well as the screens.
package slip

import (
	"image"

	"github.com/skip2/go-qrcode"
)

// StatusQR is the content of a receipt's QR code: the reference in a form a
// status screen or a staff scanner recognises. It holds nothing personal.
func StatusQR(ref string) string { return "BAWABA:REF:" + ref }

// QRImage is the status QR code of ref as a px×px picture.
func QRImage(ref string, px int) (image.Image, error) {
	q, err := qrcode.New(StatusQR(ref), qrcode.Medium)
	if err != nil {
		return nil, err
	}
	return q.Image(px), nil
}
