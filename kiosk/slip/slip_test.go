package slip

import (
	"strings"
	"testing"
)

func TestStatusQR(t *testing.T) {
	tests := []struct{ ref, want string }{
		{"ABCD2345EF", "BAWABA:REF:ABCD2345EF"},
		{"", "BAWABA:REF:"},
	}
	for _, tt := range tests {
		if got := StatusQR(tt.ref); got != tt.want || !strings.HasSuffix(got, tt.ref) {
			t.Errorf("StatusQR(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
	img, err := QRImage("ABCD2345EF", 128)
	if err != nil || img.Bounds().Dx() != 128 {
		t.Fatalf("QRImage: %v %v", img, err)
	}
}
