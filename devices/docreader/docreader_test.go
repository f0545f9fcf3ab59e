package docreader_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/docreader"
	"github.com/bawaba/bawaba/devices/docreader/docreadersim"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/devices/serialport/serialporttest"
)

func TestReaderAgainstSimulatorOverPTY(t *testing.T) {
	sim := &docreadersim.Sim{}
	port := serialporttest.Serve(t, serialport.Config{Baud: 9600}, sim.Serve)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	results := make(chan docreader.Result, 4)
	go (&docreader.Reader{}).Run(ctx, port, func(r docreader.Result) { results <- r })

	next := func() docreader.Result {
		t.Helper()
		select {
		case r := <-results:
			return r
		case <-ctx.Done():
			t.Fatal("timed out waiting for a document")
		}
		return docreader.Result{}
	}
	tests := []struct {
		framing docreadersim.Framing
		doc     string
		format  mrz.Format
		number  string
	}{
		{docreadersim.STXETX, "td3-sample", mrz.TD3, "L898902C3"},
		{docreadersim.ThreeM, "td3-test-resident", mrz.TD3, "T01234567"},
		{docreadersim.ThreeM, "td1-test-resident", mrz.TD1, "1000000008"},
		{docreadersim.Labelled, "td1-sample", mrz.TD1, "D23145890"},
		{docreadersim.Bare, "td2-test-visitor", mrz.TD2, "V98765432"},
	}
	for _, tt := range tests {
		sim.Framing = tt.framing
		if err := sim.Insert(tt.doc); err != nil {
			t.Fatal(err)
		}
		r := next()
		if r.Err != nil || r.Doc.Format != tt.format || r.Doc.Number != tt.number {
			t.Fatalf("%s framing %d: %+v", tt.doc, tt.framing, r)
		}
	}

	sim.Framing = docreadersim.STXETX
	if err := sim.Insert("misread"); err != nil {
		t.Fatal(err)
	}
	var me *mrz.Error
	if r := next(); !errors.As(r.Err, &me) || me.Field != "birth date" {
		t.Fatalf("misread: %+v", r)
	}
	sim.SetBadChecksums(true)
	sim.Insert("td1-sample")
	if r := next(); !errors.As(r.Err, &me) || me.Code != mrz.CodeCheckDigit {
		t.Fatalf("bad checksum: %+v", r)
	}
	sim.SetBadChecksums(false)
	sim.EmitGarbage(50, []byte{mrz.ETX})
	if r := next(); r.Err == nil {
		t.Fatalf("garbage accepted: %+v", r)
	}
	// Garbage may hold more ETX bytes (more rejected messages); the next good
	// document must still come through.
	sim.Insert("td3-sample")
	for r := next(); r.Err != nil; r = next() {
	}
}
