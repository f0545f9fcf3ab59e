package fingerprint_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/fingerprint/fingerprintsim"
	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/devices/serialport/serialporttest"
)

// rig connects a Sensor to a simulator over a real pty through tarm/serial.
func rig(t *testing.T, o fingerprint.Options) (*fingerprint.Sensor, *fingerprintsim.Sim, context.Context) {
	t.Helper()
	sim := fingerprintsim.New(100)
	port := serialporttest.Serve(t, serialport.Config{Baud: 57600}, sim.Serve)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	if o.Poll == 0 {
		o.Poll = 20 * time.Millisecond
	}
	return fingerprint.New(port, o), sim, ctx
}

func TestVerifyFlow(t *testing.T) {
	s, sim, ctx := rig(t, fingerprint.Options{})
	if err := s.VerifyPassword(ctx); err != nil {
		t.Fatal(err)
	}
	onRecord := fingerprint.SimTemplate("1000000008")

	sim.Place("1000000008")
	detected := false
	score, err := s.Verify(ctx, onRecord, func() { detected = true })
	if err != nil || score < 50 || !detected {
		t.Fatalf("same finger: score %d err %v detected %v", score, err, detected)
	}

	sim.Place("2000000006")
	_, err = s.Verify(ctx, onRecord, nil)
	var fe *fingerprint.Error
	if !errors.Is(err, fingerprint.ErrNoMatch) || !errors.As(err, &fe) || fe.Op != "Match" {
		t.Fatalf("other finger: %v", err)
	}
}

func TestEnrollIdentifyAndTemplates(t *testing.T) {
	s, sim, ctx := rig(t, fingerprint.Options{})
	sim.Place("1000000008")
	// Enroll waits for the finger to be lifted between captures.
	go func() {
		time.Sleep(100 * time.Millisecond)
		sim.Lift()
		time.Sleep(100 * time.Millisecond)
		sim.Place("1000000008")
	}()
	if err := s.Enroll(ctx, 7, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := s.TemplateNum(ctx); err != nil || n != 1 {
		t.Fatalf("TemplateNum %d %v", n, err)
	}
	page, _, err := s.Identify(ctx, 100, nil)
	if err != nil || page != 7 {
		t.Fatalf("identify page %d err %v", page, err)
	}
	sim.Place("2000000006")
	if _, _, err := s.Identify(ctx, 100, nil); !errors.Is(err, fingerprint.ErrNotFound) {
		t.Fatalf("unknown finger: %v", err)
	}

	// Upload a live template and download it back.
	tmpl, err := s.CaptureTemplate(ctx, nil)
	if err != nil || !bytes.Equal(tmpl, fingerprint.SimTemplate("2000000006")) {
		t.Fatalf("UpChar: %d bytes, %v", len(tmpl), err)
	}
	if err := s.DownChar(ctx, 2, tmpl); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Match(ctx); err != nil {
		t.Fatalf("downloaded template does not match: %v", err)
	}
	if err := s.Store(ctx, 1, 500); err == nil || !errors.Is(err, &fingerprint.Error{Code: fingerprint.CodeBadLocation}) {
		t.Fatalf("store out of range: %v", err)
	}
}

func TestConfirmationCodesAreTyped(t *testing.T) {
	s, sim, ctx := rig(t, fingerprint.Options{})
	if err := s.GenImg(ctx); !errors.Is(err, fingerprint.ErrNoFinger) {
		t.Fatalf("empty sensor: %v", err)
	}
	sim.Place("1000000008")
	for _, c := range []fingerprint.Code{fingerprint.CodeImageMessy, fingerprint.CodeFewFeatures, fingerprint.CodeImageFail} {
		sim.FailNext(c)
		err := s.Capture(ctx, 1, nil)
		var fe *fingerprint.Error
		if !errors.As(err, &fe) || fe.Code != c || fe.Code.Message() == "" {
			t.Fatalf("FailNext(%v): %v", c, err)
		}
	}
	if err := s.Capture(ctx, 1, nil); err != nil {
		t.Fatalf("after failures: %v", err)
	}
}

func TestWireFaults(t *testing.T) {
	s, sim, ctx := rig(t, fingerprint.Options{Timeout: 600 * time.Millisecond})

	sim.InjectGarbage(40)
	if _, err := s.TemplateNum(ctx); err != nil {
		t.Fatalf("garbage before a reply must be skipped: %v", err)
	}

	sim.SetBadChecksums(true)
	if _, err := s.TemplateNum(ctx); !errors.Is(err, fingerprint.ErrChecksum) {
		t.Fatalf("bad checksum: %v", err)
	}
	sim.SetBadChecksums(false)

	sim.SetMute(true)
	if _, err := s.TemplateNum(ctx); !errors.Is(err, fingerprint.ErrNoReply) {
		t.Fatalf("mute: %v", err)
	}
	sim.SetMute(false)
	if _, err := s.TemplateNum(ctx); err != nil {
		t.Fatalf("recovered: %v", err)
	}
}
