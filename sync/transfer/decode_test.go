package transfer

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

func sampleBundleBody(t testing.TB, n int) []byte {
	t.Helper()
	b := Bundle{ID: "0123456789abcdef0123456789abcdef", KioskID: "kiosk-1", Created: time.Date(2026, 12, 3, 4, 0, 0, 5, time.UTC),
		Chain: [][]byte{{0x30, 0x82, 1, 2}, {3}}, Count: n}
	for i := range n {
		b.Records = append(b.Records, wire.Record{ID: "019a0000-0000-7000-8000-00000000000" + string(rune('0'+i%10)),
			Kind: wire.KindAddressUpdate, KioskID: "kiosk-1", Ref: "R1", Created: time.Date(2026, 12, 3, 4, 0, i, 0, time.FixedZone("", 3*3600)),
			KeyID: "seal-1", Sealed: []byte{byte(i), 0xff, 0}})
	}
	body, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestDecodeBundle(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantFast bool
	}{
		{"when written as WriteBundle writes it, is read fast", string(sampleBundleBody(t, 3)), true},
		{"when spaced out, is read fast", ` { "id" : "x" , "count" : 1 , "records" : [ { "id" : "a" } ] } ` + "\n", true},
		{"when it has no records, is read fast", `{"id":"x","count":0,"records":[]}`, true},
		{"when the records are not last, defers", `{"records":[],"id":"x"}`, false},
		{"when a key is unknown, defers", `{"id":"x","extra":1,"records":[]}`, false},
		{"when a key repeats, defers", `{"id":"x","id":"y","records":[]}`, false},
		{"when a key is spelled otherwise, defers", `{"ID":"x","records":[]}`, false},
		{"when a record has an escape, defers", `{"records":[{"id":"a\u0041"}]}`, false},
		{"when records is null, defers", `{"records":null}`, false},
		{"when there is no records key, defers", `{"id":"x"}`, false},
		{"when something follows, defers", `{"records":[]} x`, false},
	}
	for _, tt := range tests {
		_, fast := decodeBundleFast([]byte(tt.body))
		if fast != tt.wantFast {
			t.Errorf("%s: fast = %v, want %v", tt.name, fast, tt.wantFast)
		}
		checkSameAsEncodingJSON(t, []byte(tt.body))
	}
}

// checkSameAsEncodingJSON: what the fast path reads is exactly what encoding/json
// makes of the body; what it leaves, decodeBundle hands to encoding/json.
func checkSameAsEncodingJSON(t *testing.T, body []byte) {
	t.Helper()
	var want Bundle
	wantErr := json.Unmarshal(body, &want)
	if fast, ok := decodeBundleFast(body); ok {
		if wantErr != nil || !reflect.DeepEqual(fast, want) {
			t.Fatalf("%q: fast %+v, encoding/json %+v (%v)", body, fast, want, wantErr)
		}
	}
	got, err := decodeBundle(body)
	if (err != nil) != (wantErr != nil) || err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decodeBundle %+v %v, encoding/json %+v %v", body, got, err, want, wantErr)
	}
}

// FuzzDecodeBundle: whatever the fast path accepts, encoding/json reads the same.
func FuzzDecodeBundle(f *testing.F) {
	f.Add(sampleBundleBody(f, 2))
	f.Add([]byte(`{"id":"x","count":0,"records":[]}`))
	f.Add([]byte(`{"records":[{"id":"a","sealed":"AQID","created":"2026-12-03T04:00:00+03:00"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) { checkSameAsEncodingJSON(t, body) })
}

// BenchmarkDecodeBundle: the body of a 10,000-record bundle of ~1.3 KB sealed
// records, decoded as ReadBundle does, and by encoding/json alone for the ratio.
func BenchmarkDecodeBundle(b *testing.B) {
	bd := Bundle{ID: "0123456789abcdef0123456789abcdef", KioskID: "kiosk-1", Created: time.Now().UTC(), Count: 10000}
	for i := range 10000 {
		bd.Records = append(bd.Records, wire.Record{ID: "019a0000-0000-7000-8000-000000000000", Kind: wire.KindAddressUpdate,
			KioskID: "kiosk-1", Ref: "R1", Created: time.Now().UTC(), KeyID: "seal-1", Sealed: make([]byte, 1300+i%7)})
	}
	body, _ := json.Marshal(bd)
	b.Run("decodeBundle", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if _, err := decodeBundle(body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var x Bundle
			if err := json.Unmarshal(body, &x); err != nil {
				b.Fatal(err)
			}
		}
	})
}
