package wire

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestDecodePayload(t *testing.T) {
	tests := []struct {
		name, kind, body string
		wantErr          bool
	}{
		{"a registration decodes", KindRegistration, `{"id_type":"citizen","id_number":"1000000008","birth_date":{"calendar":"hijri","year":1410,"month":3,"day":1},"mobile":"+966550000001","username":"TestUser1","password":"Pa$$w0rd!","language":"ar","terms_version":"1","otp_verified":true,"otp_challenge":"c1","nationality":"SA"}`, false},
		{"an activation decodes", KindActivation, `{"id_number":"1000000008","method":"fingerprint","fingerprint_template":"AAEC"}`, false},
		{"an unknown field is refused", KindActivation, `{"id_number":"1","surprise":1}`, true},
		{"trailing data is refused", KindDependent, `{"id_number":"1"} {}`, true},
		{"a trailing closing brace is refused", KindActivation, `{"id_number":"1","method":"fingerprint"}}`, true},
		{"a trailing closing bracket is refused", KindActivation, `{"id_number":"1","method":"fingerprint"}]`, true},
		{"trailing white space is allowed", KindActivation, "{\"id_number\":\"1\",\"method\":\"fingerprint\"} \n", false},
		{"an unknown kind is refused", "transfer", `{}`, true},
		{"not JSON is refused", KindAddressUpdate, `\x00\x01`, true},
		{"a wrong type is refused", KindMobileChange, `{"id_number":5}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := DecodePayload(tt.kind, []byte(tt.body))
			if tt.wantErr {
				if !errors.Is(err, ErrPayload) {
					t.Fatalf("err = %v, want ErrPayload", err)
				}
				return
			}
			if err != nil || v == nil {
				t.Fatalf("DecodePayload: %v", err)
			}
		})
	}
}

func TestActivationIsMasked(t *testing.T) {
	a := Activation{IDNumber: "1000000008", Method: MethodBankCard, CardPAN: "4000000000000010"}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "a", a)
	for _, s := range []string{fmt.Sprint(a), fmt.Sprintf("%+v %#v", a, &a), buf.String()} {
		if strings.Contains(s, a.CardPAN) || !strings.Contains(s, "400000******0010") {
			t.Fatalf("formatted activation %q: want the masked PAN only", s)
		}
	}
}

func TestRetryable(t *testing.T) {
	for status, want := range map[int]bool{0: true, 500: true, 503: true, 400: false, 401: false, 409: false, 429: false, 200: false} {
		if Retryable(status) != want {
			t.Errorf("Retryable(%d) = %v", status, !want)
		}
	}
}

func FuzzDecodePayload(f *testing.F) {
	f.Add(KindRegistration, []byte(`{"id_type":"citizen","id_number":"1000000008"}`))
	f.Add(KindDependent, []byte(`{"id_number":"1","dependent_birth_date":{"year":1}}`))
	f.Add("x", []byte(`{}`))
	f.Fuzz(func(t *testing.T, kind string, b []byte) {
		v, err := DecodePayload(kind, b)
		if (err == nil) == (v == nil) {
			t.Fatalf("DecodePayload returned %v with err %v", v, err)
		}
	})
}

func TestNewRecordID(t *testing.T) {
	t0 := time.Unix(1_800_000_000, 0)
	a, b := NewRecordID(t0), NewRecordID(t0.Add(time.Nanosecond))
	if len(a) != 32 || a == b || !(a[:16] < b[:16]) {
		t.Fatalf("ids %q %q: want 32 chars, distinct, time-ordered", a, b)
	}
}
