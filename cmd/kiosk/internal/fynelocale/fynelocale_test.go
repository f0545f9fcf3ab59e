package fynelocale

import "testing"

func TestFix(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		wantOK bool
	}{
		{"when LANG is C.UTF-8, LANGUAGE is set", map[string]string{"LANG": "C.UTF-8"}, true},
		{"when LC_ALL is C.utf8 over an Arabic LANG, LANGUAGE is set", map[string]string{"LC_ALL": "C.utf8", "LANG": "ar_SA.UTF-8"}, true},
		{"when LANG is POSIX.UTF-8, LANGUAGE is set", map[string]string{"LANG": "POSIX.UTF-8"}, true},
		{"when LANGUAGE is C with a C.UTF-8 LANG, LANGUAGE is replaced", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "C"}, true},
		{"when LANG is exactly C, nothing: go-locale reads it as no locale", map[string]string{"LANG": "C"}, false},
		{"when nothing is set, nothing", map[string]string{}, false},
		{"when LANG is Arabic, nothing", map[string]string{"LANG": "ar_SA.UTF-8"}, false},
		{"when LANGUAGE lists real languages over C.UTF-8, nothing", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "ar:en"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, v, ok := Fix(func(k string) string { return tt.env[k] })
			if ok != tt.wantOK || (ok && (k != "LANGUAGE" || v != "en_US")) {
				t.Fatalf("Fix = %q, %q, %v; want ok %v (LANGUAGE=en_US)", k, v, ok, tt.wantOK)
			}
		})
	}
}
