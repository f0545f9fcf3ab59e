package central_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

// FuzzPush feeds arbitrary bodies to the push endpoint as an enrolled kiosk: the
// answer is always a clear 2xx/4xx, never a 5xx, and a 200 answers every record.
func FuzzPush(f *testing.F) {
	h := newHarness(f, storetest.MustOpenBolt)
	k := h.Kiosk(f)
	// The handler sees the kiosk's verified certificate as a TLS listener would give it.
	state := &tls.ConnectionState{PeerCertificates: []*x509.Certificate{k.Leaf}}
	handler := h.Server.Handler()

	valid, _ := json.Marshal(wire.PushRequest{Records: []wire.Record{k.Record(f, wire.KindRegistration, centraltest.Registration(2))}})
	f.Add(valid)
	f.Add([]byte(`{"records":[{"id":"a","kind":"registration","kiosk_id":"x","ref":"r","created":"2026-01-01T00:00:00Z","key_id":"k","sealed":"AQID"}]}`))
	f.Add([]byte(`{"records":[]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", wire.PathRecords, bytes.NewReader(body))
		req.Header.Set("Content-Type", wire.ContentType)
		req.TLS = state
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		switch rec.Code {
		case 200:
			var in wire.PushRequest
			var out wire.PushResponse
			json.Unmarshal(body, &in)
			if json.Unmarshal(rec.Body.Bytes(), &out) != nil || len(out.Results) != len(in.Records) {
				t.Fatalf("200 with %d results for %d records", len(out.Results), len(in.Records))
			}
		case 400, 413:
			var e wire.Error
			if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Code == "" {
				t.Fatalf("%d without a coded error: %s", rec.Code, rec.Body)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

// FuzzLiveCalls feeds arbitrary bodies to enrolment and every live call: the answer
// is 200 or a coded 4xx, never a 5xx or a panic.
func FuzzLiveCalls(f *testing.F) {
	h := newHarness(f, storetest.MustOpenBolt)
	k := h.Kiosk(f)
	state := &tls.ConnectionState{PeerCertificates: []*x509.Certificate{k.Leaf}}
	handler := h.Server.Handler()
	paths := []string{wire.PathEnroll, wire.PathOTPSend, wire.PathOTPVerify, wire.PathIDLookup,
		wire.PathMobileCheck, wire.PathFingerprintMatch, wire.PathDigitalID}
	f.Add(uint8(0), []byte(`{"code":"AAAA-BBBB-CCCC","csr":"x"}`))
	f.Add(uint8(1), []byte(`{"mobile":"+966550000001","purpose":"registration"}`))
	f.Add(uint8(2), []byte(`{"challenge_id":"otp-x","code":"123456"}`))
	f.Add(uint8(3), []byte(`{"id_number":"1000000024"}`))
	f.Add(uint8(4), []byte(`{"mobile":"+966550000001","id_number":"1000000024"}`))
	f.Add(uint8(5), []byte(`{"id_number":"1000000024","template":"AAEC"}`))
	f.Add(uint8(6), []byte(`{"id_number":"1000000024","fingerprint_template":"AAEC"}`))
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		req := httptest.NewRequest("POST", paths[int(which)%len(paths)], bytes.NewReader(body))
		req.Header.Set("Content-Type", wire.ContentType)
		req.TLS = state
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code == 200 {
			return
		}
		var e wire.Error
		if rec.Code >= 500 || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Code == "" {
			t.Fatalf("%s: %d %s", req.URL.Path, rec.Code, rec.Body)
		}
	})
}
