package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
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

func TestMatchScore(t *testing.T) {
	a := SyntheticTemplate("1000000008")
	noisy := append([]byte(nil), a...)
	noisy[0] ^= 0x07 // three bits differ, as in a second read of the same finger
	tests := []struct {
		name  string
		b     []byte
		match bool
	}{
		{"the same read matches", a, true},
		{"a noisy read of the same finger matches", noisy, true},
		{"another finger does not match", SyntheticTemplate("2000000006"), false},
		{"an empty template does not match", nil, false},
		{"the older 32-byte form of the same finger matches", a[:TemplateBlock], true},
		{"the older 32-byte form of another finger does not match", SyntheticTemplate("2000000006")[:TemplateBlock], false},
		{"less than one feature block does not match", a[:TemplateBlock-1], false},
		{"trailing bytes beyond the format are not compared", append(append([]byte(nil), a...), 0xff), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchScore(a, tt.b) >= FingerprintThreshold; got != tt.match {
				t.Fatalf("match = %v (score %.3f), want %v", got, MatchScore(a, tt.b), tt.match)
			}
		})
	}
}

func TestSyntheticTemplate(t *testing.T) {
	a := SyntheticTemplate("1000000008")
	first := sha256.Sum256([]byte("bawaba-sim-finger:1000000008"))
	if len(a) != TemplateSize || !bytes.Equal(a[:TemplateBlock], first[:]) {
		t.Fatalf("template: %d bytes, block 0 %x; want %d bytes starting %x", len(a), a[:TemplateBlock], TemplateSize, first)
	}
	if s := MatchScore(a, SyntheticTemplate("2000000006")); s < 0.4 || s > 0.6 {
		t.Fatalf("two fingers score %.3f, want about 0.5", s)
	}
}

func TestCardToken(t *testing.T) {
	k1, k2 := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	pan := "4000000000000010"
	m := hmac.New(sha256.New, k1)
	m.Write([]byte(pan))
	if got, want := CardToken(k1, pan), hex.EncodeToString(m.Sum(nil)); got != want {
		t.Fatalf("CardToken = %s, want HMAC-SHA256 %s", got, want)
	}
	if CardToken(k1, pan) == CardToken(k2, pan) || CardToken(k1, pan) == CardToken(k1, "4000000000000028") {
		t.Fatal("token does not depend on both key and PAN")
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

func FuzzMatchScore(f *testing.F) {
	f.Add(SyntheticTemplate("1"), SyntheticTemplate("2"))
	f.Add(SyntheticTemplate("1")[:40], []byte{})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		s := MatchScore(a, b)
		if s < 0 || s > 1 || s != MatchScore(b, a) {
			t.Fatalf("score %v (reverse %v)", s, MatchScore(b, a))
		}
		if self := MatchScore(a, a); (len(a) >= TemplateBlock) != (self == 1) {
			t.Fatalf("self score %v for %d bytes", self, len(a))
		}
	})
}

func TestMaskPAN(t *testing.T) {
	if got := MaskPAN("4000001234560001"); got != "400000******0001" {
		t.Fatalf("MaskPAN = %q", got)
	}
	if got := MaskPAN("123"); got != "****" {
		t.Fatalf("MaskPAN(short) = %q", got)
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
