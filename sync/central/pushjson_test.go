package central

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

func samplePush(n int) []byte {
	recs := make([]wire.Record, n)
	for i := range recs {
		recs[i] = wire.Record{ID: fmt.Sprintf("019a0000-0000-7000-8000-%012d", i), Kind: wire.KindAddressUpdate,
			KioskID: "kiosk-0a1b2c3d4e", Ref: fmt.Sprintf("R%09d", i), Created: time.Date(2026, 3, 1, 10, 0, 0, i, time.UTC),
			KeyID: "seal-20260301-1a2b3c4d", Sealed: bytes.Repeat([]byte{byte(i), 0xff, 0x00}, 700)}
	}
	b, _ := json.Marshal(wire.PushRequest{Records: recs})
	return b
}

// sameRecords compares as the push path uses records: every field, the time to the
// nanosecond and in the same zone offset.
func sameRecords(a, b []wire.Record) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d records, want %d", len(a), len(b))
	}
	for i := range a {
		x, y := a[i], b[i]
		_, xo := x.Created.Zone()
		_, yo := y.Created.Zone()
		if x.ID != y.ID || x.Kind != y.Kind || x.KioskID != y.KioskID || x.Ref != y.Ref || x.KeyID != y.KeyID ||
			!x.Created.Equal(y.Created) || xo != yo || !bytes.Equal(x.Sealed, y.Sealed) || (x.Sealed == nil) != (y.Sealed == nil) {
			return fmt.Errorf("record %d: %+v, want %+v", i, x, y)
		}
	}
	return nil
}

func TestParsePush(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		wantOK bool
	}{
		{"when written by encoding/json, is read", string(samplePush(3)), true},
		{"when spaced out, is read", " {\n \"records\" : [ { \"id\" : \"a\" , \"sealed\" : \"AQID\" } ] }\n", true},
		{"when empty, is read", `{"records":[]}`, true},
		{"when a record is empty, is read", `{"records":[{}]}`, true},
		{"when a string has an escape, defers", `{"records":[{"id":"a\u0041"}]}`, false},
		{"when a field is unknown, defers", `{"records":[{"id":"a","extra":1}]}`, false},
		{"when a field repeats, defers", `{"records":[{"id":"a","id":"b"}]}`, false},
		{"when a field is spelled otherwise, defers", `{"records":[{"ID":"a"}]}`, false},
		{"when a value is null, defers", `{"records":[{"sealed":null}]}`, false},
		{"when records is null, defers", `{"records":null}`, false},
		{"when the time is malformed, defers", `{"records":[{"created":"yesterday"}]}`, false},
		{"when base64 is malformed, defers", `{"records":[{"sealed":"A"}]}`, false},
		{"when data trails, defers", `{"records":[]} {}`, false},
		{"when cut short, defers", `{"records":[{"id":"a"}`, false},
		{"when not UTF-8 ASCII, defers", "{\"records\":[{\"id\":\"\xc3\xa9\"}]}", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, lerr := parsePush([]byte(tt.body))
			if lerr != nil {
				t.Fatalf("limit error %v", lerr)
			}
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tt.wantOK)
			}
			if !ok {
				return
			}
			var want wire.PushRequest
			if err := json.Unmarshal([]byte(tt.body), &want); err != nil {
				t.Fatalf("read a body encoding/json refuses: %v", err)
			}
			if err := sameRecords(got, want.Records); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// FuzzParsePush: whatever the fast reader accepts, encoding/json accepts too (with
// no trailing data) and reads the same records.
func FuzzParsePush(f *testing.F) {
	f.Add(samplePush(2))
	f.Add([]byte(`{"records":[{"id":"a","kind":"registration","kiosk_id":"x","ref":"r","created":"2026-01-01T00:00:00+03:00","key_id":"k","sealed":"AQID"}]}`))
	f.Add([]byte(`{"records":[]}`))
	f.Add([]byte(` {"records":[{}, {"sealed":""}]} `))
	f.Add([]byte(`{"records":[{"id":"a\u0041"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, ok, lerr := parsePush(body)
		if lerr != nil {
			// A limit: encoding/json's path must not read the body as a valid batch.
			var req wire.PushRequest
			if json.Unmarshal(body, &req) == nil && len(req.Records) <= wire.MaxBatchRecords && lerr == errTooManyRecords {
				t.Fatalf("fast reader said %v of a body of %d records", lerr, len(req.Records))
			}
			return
		}
		if !ok {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		var want wire.PushRequest
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("fast reader accepted what encoding/json refuses (%v): %q", err, body)
		}
		if _, err := dec.Token(); err == nil || !strings.Contains(err.Error(), "EOF") {
			t.Fatalf("fast reader accepted trailing data: %q", body)
		}
		if err := sameRecords(got, want.Records); err != nil {
			t.Fatalf("%v for %q", err, body)
		}
	})
}

func BenchmarkDecodePush(b *testing.B) {
	body := samplePush(wire.MaxBatchRecords)
	b.Run("baseline", func(b *testing.B) { // encoding/json, as before
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var req wire.PushRequest
			if err := json.Unmarshal(body, &req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, ok, _ := parsePush(body); !ok {
				b.Fatal("not read")
			}
		}
	})
}
