package cardreader_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/cardreader"
	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/devices/serialport/serialporttest"
)

func TestReaderAgainstSimulatorOverPTY(t *testing.T) {
	sim := &cardreadersim.Sim{}
	port := serialporttest.Serve(t, serialport.Config{Baud: 9600}, sim.Serve)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	results := make(chan cardreader.Result, 4)
	go (&cardreader.Reader{}).Run(ctx, port, func(r cardreader.Result) { results <- r })
	next := func() cardreader.Result {
		t.Helper()
		select {
		case r := <-results:
			return r
		case <-ctx.Done():
			t.Fatal("timed out waiting for a swipe")
		}
		return cardreader.Result{}
	}

	visa := cardreadersim.TestPAN("400000", 1)
	tests := []struct {
		card   string
		lrc    bool
		masked string
		tracks int
		code   magstripe.Code
	}{
		{"test-visa", false, visa[:6] + "******" + visa[12:], 3, 0},
		{"test-visa", true, visa[:6] + "******" + visa[12:], 3, 0},
		{"track2-only", false, "400000******" + cardreadersim.TestPAN("400000", 3)[12:], 2, 0},
		{"bad-luhn", false, "", 0, magstripe.CodeLuhn},
	}
	for _, tt := range tests {
		sim.LRC = tt.lrc
		if err := sim.Insert(tt.card); err != nil {
			t.Fatal(err)
		}
		r := next()
		if tt.code != 0 {
			var me *magstripe.Error
			if !errors.As(r.Err, &me) || me.Code != tt.code {
				t.Fatalf("%s: got %v", tt.card, r.Err)
			}
			continue
		}
		if r.Err != nil || r.Card.Masked() != tt.masked || r.Card.Tracks != tt.tracks {
			t.Fatalf("%s: %v %v", tt.card, r.Card, r.Err)
		}
	}
	sim.SetBadChecksums(true)
	sim.Insert("test-mada")
	if r := next(); r.Err == nil {
		t.Fatal("corrupted LRC accepted")
	}
}
