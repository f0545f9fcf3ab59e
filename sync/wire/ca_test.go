package wire

import (
	"crypto/sha256"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
)

func TestCAFingerprint(t *testing.T) {
	der := []byte("not really DER, but the digest does not care")
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	key := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("k")})
	want := FormatFingerprint(sha256.Sum256(der))
	for _, tc := range []struct {
		name string
		in   []byte
		want string
		err  error
	}{
		{"a certificate gives its digest", cert, want, nil},
		{"a key before the certificate is skipped", append(append([]byte{}, key...), cert...), want, nil},
		{"only the first certificate counts", append(append([]byte{}, cert...), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("other")})...), want, nil},
		{"no PEM at all", []byte("<html>not found</html>"), "", ErrNoCACert},
		{"a key alone", key, "", ErrNoCACert},
		{"nothing", nil, "", ErrNoCACert},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CAFingerprint(tc.in)
			if got != tc.want || !errors.Is(err, tc.err) {
				t.Fatalf("CAFingerprint = %q, %v; want %q, %v", got, err, tc.want, tc.err)
			}
		})
	}
}

func TestFormatFingerprintGroups(t *testing.T) {
	var sum [sha256.Size]byte
	sum[0], sum[31] = 0xab, 0x01
	got := FormatFingerprint(sum)
	groups := strings.Split(got, " ")
	if len(groups) != 16 || groups[0] != "AB00" || groups[15] != "0001" {
		t.Fatalf("FormatFingerprint = %q: want 16 groups of 4 upper-case digits", got)
	}
}

// FuzzCAFingerprint feeds what any server might answer on PathCA.
func FuzzCAFingerprint(f *testing.F) {
	f.Add(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1, 2, 3}}))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		fp, err := CAFingerprint(b)
		if err == nil && len(fp) != 79 {
			t.Fatalf("fingerprint %q is not 16 groups of 4", fp)
		}
		if err != nil && fp != "" {
			t.Fatalf("error %v with a fingerprint %q", err, fp)
		}
	})
}
