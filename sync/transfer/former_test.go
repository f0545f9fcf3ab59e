package transfer

import "testing"

// FuzzFormer: whatever the former-IDs file holds, parsing it does not panic,
// and an accepted entry has its kiosk ID and a parsed CA.
func FuzzFormer(f *testing.F) {
	f.Add([]byte(`[{"kiosk_id":"kiosk-1","ca":"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[{"kiosk_id":"","ca":""}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		former, err := parseFormer(b)
		if err != nil {
			return
		}
		for i, fm := range former {
			if fm.KioskID == "" || fm.CA == nil {
				t.Fatalf("entry %d accepted without a kiosk ID or a CA: %+v", i, fm)
			}
		}
	})
}
