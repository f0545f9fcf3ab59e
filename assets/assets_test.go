package assets

import (
	"bytes"
	"testing"
)

func TestBundledFilesArePresent(t *testing.T) {
	for _, name := range []string{
		"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
		"NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
	} {
		b, err := Font(name)
		if err != nil {
			t.Fatalf("font %s: %v", name, err)
		}
		// TrueType fonts start with the sfnt version 0x00010000.
		if !bytes.HasPrefix(b, []byte{0, 1, 0, 0}) {
			t.Errorf("font %s is not a TrueType file", name)
		}
	}
	if !bytes.HasPrefix(Icon, []byte("\x89PNG")) {
		t.Error("icon is not a PNG")
	}
}
