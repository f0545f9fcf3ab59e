package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/bawaba/bawaba/cmd/kiosk/internal/fynelocale"
)

// TestFyneLocale checks what Fyne makes of the locale once fynelocale has run.
func TestFyneLocale(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string // Fyne's system locale
	}{
		{"when LANG is C.UTF-8, en-US", map[string]string{"LANG": "C.UTF-8"}, "en-US"},
		{"when LC_ALL is C.utf8 over an Arabic LANG, en-US", map[string]string{"LC_ALL": "C.utf8", "LANG": "ar_SA.UTF-8"}, "en-US"},
		{"when LANG is exactly C, English as before", map[string]string{"LANG": "C"}, "en"},
		{"when LANG is Arabic, left alone", map[string]string{"LANG": "ar_SA.UTF-8"}, "ar-SA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
				t.Setenv(k, tt.env[k])
			}
			fynelocale.Apply()
			if got := string(lang.SystemLocale()); got != tt.want {
				t.Fatalf("Fyne's locale = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNoFyneLocaleErrorAtStart runs the built kiosk under C locales: Fyne reads
// the locale while its packages initialise, before main, so only the binary shows
// whether the fix came first.
func TestNoFyneLocaleErrorAtStart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kiosk")
	}
	bin := filepath.Join(t.TempDir(), "kiosk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, env := range [][]string{{"LANG=C.UTF-8"}, {"LC_ALL=POSIX.UTF-8"}, {"LANG=C"}, {}} {
		cmd := exec.Command(bin, "-hash-pin")
		cmd.Env = append(cleanEnv(), env...)
		cmd.Stdin = strings.NewReader("482613\n")
		out, err := cmd.CombinedOutput()
		if err != nil || strings.Contains(string(out), "Fyne error") {
			t.Errorf("with %v: %v\n%s", env, err, out)
		}
	}
}

// cleanEnv is the test's environment without locale variables.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k != "LANG" && k != "LANGUAGE" && !strings.HasPrefix(k, "LC_") {
			out = append(out, kv)
		}
	}
	return out
}
