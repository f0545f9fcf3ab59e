package logfile

import (
	"bufio"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestRotatesBySizeAndKeepsN(t *testing.T) {
	for _, tc := range []struct {
		name           string
		maxBytes       int64
		keep, lines    int
		wantFiles      int
		wantNewestLast int // the last line number, found in NAME
	}{
		{"no rotation", 1 << 20, 3, 10, 1, 9},
		{"rotates", 400, 3, 50, 4, 49},
		{"drops the oldest", 200, 2, 200, 3, 199},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.log")
			f, err := Open(path, Options{MaxBytes: tc.maxBytes, Keep: tc.keep})
			if err != nil {
				t.Fatal(err)
			}
			log := Logger(f, slog.LevelInfo)
			for i := 0; i < tc.lines; i++ {
				log.Info("synced", "n", i)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(path + "*")
			if len(files) != tc.wantFiles {
				t.Fatalf("files %v, want %d", files, tc.wantFiles)
			}
			var last int
			for _, name := range files {
				st, _ := os.Stat(name)
				if st.Mode().Perm() != 0o600 {
					t.Errorf("%s mode %v, want 0600", name, st.Mode().Perm())
				}
				if st.Size() > tc.maxBytes {
					t.Errorf("%s is %d bytes, above %d", name, st.Size(), tc.maxBytes)
				}
				// Every line is whole JSON: no line split across files.
				lf, _ := os.Open(name)
				sc := bufio.NewScanner(lf)
				for sc.Scan() {
					var m map[string]any
					if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
						t.Fatalf("%s: line %q is not JSON: %v", name, sc.Text(), err)
					}
					if name == path {
						last = int(m["n"].(float64))
					}
				}
				lf.Close()
			}
			if last != tc.wantNewestLast {
				t.Errorf("newest line in %s is %d, want %d", path, last, tc.wantNewestLast)
			}
		})
	}
}

func TestReopenAppends(t *testing.T) {
	path := filepath.Join(t.TempDir(), "central.log")
	for i := 0; i < 2; i++ {
		f, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, "line %d\n", i)
		f.Close()
	}
	b, _ := os.ReadFile(path)
	if string(b) != "line 0\nline 1\n" {
		t.Fatalf("got %q", b)
	}
}

func TestConcurrentWritersKeepLinesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.log")
	f, err := Open(path, Options{MaxBytes: 2048, Keep: 50})
	if err != nil {
		t.Fatal(err)
	}
	log := Logger(f, slog.LevelInfo)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				log.Info("tick", "g", g, "i", i)
			}
		}()
	}
	wg.Wait()
	f.Close()
	files, _ := filepath.Glob(path + "*")
	total := 0
	for _, name := range files {
		b, _ := os.ReadFile(name)
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if !json.Valid([]byte(line)) {
				t.Fatalf("broken line %q", line)
			}
			total++
		}
	}
	if total != 400 {
		t.Fatalf("%d lines, want 400", total)
	}
}

func TestWriteAfterClose(t *testing.T) {
	f, err := Open(filepath.Join(t.TempDir(), "x.log"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := f.Write([]byte("x\n")); err == nil {
		t.Fatal("write after close succeeded")
	}
}
