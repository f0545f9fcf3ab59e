package central

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/sync/wire"
)

// emptyRecords is a body of n empty records, as a stolen kiosk would send to make
// central build millions of records.
func emptyRecords(n int, sep string) []byte {
	var b bytes.Buffer
	b.WriteString(`{"records":[{}`)
	for range n - 1 {
		b.WriteString("," + sep + "{}")
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// deferred makes the fast reader defer body to encoding/json: its first record's
// ID is written with an escape.
func deferred(body []byte) []byte {
	return bytes.Replace(body, []byte(`{}`), []byte(`{"id":"\u0041"}`), 1)
}

func pushRequest(body []byte) *http.Request {
	r := httptest.NewRequest("POST", wire.PathRecords, bytes.NewReader(body))
	r.Header.Set("Content-Type", wire.ContentType)
	return r
}

// TestDecodePushLimits: the record count and size limits hold on both paths (the
// fast reader, and encoding/json for bodies it defers, here made so by an escape).
func TestDecodePushLimits(t *testing.T) {
	big := strings.Repeat("A", wire.MaxRecordBytes)
	tests := []struct {
		name     string
		body     []byte
		wantCode string // "" for no error
		wantN    int
	}{
		{"when at the count limit, is read", emptyRecords(wire.MaxBatchRecords, ""), "", wire.MaxBatchRecords},
		{"when one over the count limit, batch_too_large", emptyRecords(wire.MaxBatchRecords+1, ""), wire.ErrBatchTooLarge, 0},
		{"when one over the count limit on encoding/json's path, batch_too_large", deferred(emptyRecords(wire.MaxBatchRecords+1, "")), wire.ErrBatchTooLarge, 0},
		{"when millions of empty records, batch_too_large", emptyRecords(wire.MaxBodyBytes/3-10, ""), wire.ErrBatchTooLarge, 0},
		{"when millions on encoding/json's path, batch_too_large", deferred(emptyRecords(wire.MaxBodyBytes/3-10, "")), wire.ErrBatchTooLarge, 0},
		{"when a record is too large, record_too_large", []byte(`{"records":[{"id":"` + big + `"}]}`), wire.ErrRecordTooLarge, 0},
		{"when a record is too large on encoding/json's path, record_too_large", []byte(`{"records":[{"id":"\u0041` + big + `"}]}`), wire.ErrRecordTooLarge, 0},
		{"when records is null, is read as none", []byte(`{"records":null}`), "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req wire.PushRequest
			err := decodePush(httptest.NewRecorder(), pushRequest(tt.body), &req)
			var he *httpError
			switch {
			case tt.wantCode == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.wantCode == "" && len(req.Records) != tt.wantN:
				t.Fatalf("%d records, want %d", len(req.Records), tt.wantN)
			case tt.wantCode != "" && !errors.As(err, &he):
				t.Fatalf("error %v, want %s", err, tt.wantCode)
			case tt.wantCode != "" && he.body.Code != tt.wantCode:
				t.Fatalf("error %v, want %s", err, tt.wantCode)
			}
		})
	}
}

// TestDecodePushMemory: an 8 MiB body of empty records costs about its own size to
// refuse, not a record struct per element (it cost about 1 GB before).
func TestDecodePushMemory(t *testing.T) {
	for _, path := range []string{"fast", "encoding/json"} {
		t.Run(path, func(t *testing.T) {
			body := emptyRecords(wire.MaxBodyBytes/3-10, "")
			if path == "encoding/json" {
				body = deferred(body)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var req wire.PushRequest
			err := decodePush(httptest.NewRecorder(), pushRequest(body), &req)
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("accepted")
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d-byte body: %d bytes allocated", len(body), alloc)
			if alloc > 4*uint64(len(body)) {
				t.Fatalf("%d bytes allocated to refuse a %d-byte body", alloc, len(body))
			}
		})
	}
}
