package speech

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/bawaba/bawaba/i18n"
)

// maxPromptSeconds bounds one rendered prompt: a screen's prompt must be
// short enough to listen to whole (at espeak-ng's slow Arabic the longest, a
// step's explanation, takes about 30 s). A prompt that grows past it should be
// split: a field's details belong in the prompt said when it gains focus.
const maxPromptSeconds = 35

// minPeak is the least peak amplitude (of full scale) a prompt must reach: a
// rendering that failed silently (a voice that cannot read the text) is near 0.
const minPeak = 0.1

// needTools skips a test when espeak-ng or sox is missing on a developer's
// machine; with BAWABA_REQUIRE_SPEECH=1 (make test, after scripts/setup.sh has
// installed both) a missing tool fails it.
func needTools(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"espeak-ng", "sox"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("BAWABA_REQUIRE_SPEECH") == "1" {
				t.Fatalf("%s not installed (scripts/setup.sh installs it)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}

var (
	soxLength = regexp.MustCompile(`Length \(seconds\):\s+([0-9.]+)`)
	soxPeak   = regexp.MustCompile(`Maximum amplitude:\s+([0-9.]+)`)
)

// soxStat measures a WAV file with sox: its length in seconds and its peak.
func soxStat(t *testing.T, file string) (length, peak float64) {
	t.Helper()
	out, err := exec.Command("sox", file, "-n", "stat").CombinedOutput()
	if err != nil {
		t.Fatalf("sox %s: %v: %s", file, err, out)
	}
	l, p := soxLength.FindSubmatch(out), soxPeak.FindSubmatch(out)
	if l == nil || p == nil {
		t.Fatalf("sox %s: no length or peak in %s", file, out)
	}
	length, _ = strconv.ParseFloat(string(l[1]), 64)
	peak, _ = strconv.ParseFloat(string(p[1]), 64)
	return length, peak
}

// TestEveryPromptIsAudible renders every spoken prompt and every spelled
// character in both languages with espeak-ng, as the kiosk does, and measures
// each with sox: not silent, not longer than maxPromptSeconds.
func TestEveryPromptIsAudible(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	p := &Prompts{Dir: dir}
	type job struct {
		lang i18n.Lang
		key  string
		char rune
	}
	var jobs []job
	for _, l := range i18n.Langs {
		for _, k := range Keys(i18n.Default()) {
			jobs = append(jobs, job{lang: l, key: k})
		}
		chars := spelledChars
		if l == i18n.AR {
			chars += arabicLetters
		}
		for _, r := range chars {
			jobs = append(jobs, job{lang: l, char: r})
		}
	}
	var mu sync.Mutex
	longest, longestKey := 0.0, ""
	work := make(chan job)
	var wg sync.WaitGroup
	for range 2 { // the machine has two cores
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				var pcm PCM
				var err error
				name := string(j.lang) + "/" + j.key
				if j.key != "" {
					pcm, err = p.Clip(context.Background(), j.lang, j.key)
				} else {
					name = string(j.lang) + "/char " + string(j.char)
					pcm, _, err = p.Char(context.Background(), j.lang, j.char)
				}
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				file := filepath.Join(dir, strconv.Itoa(len(name))+"-"+strconv.FormatInt(int64(len(pcm.Samples)), 10)+".wav")
				f, err := os.CreateTemp(dir, "m-*.wav")
				if err == nil {
					file = f.Name()
					_, err = f.Write(pcm.WAV())
					f.Close()
				}
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				length, peak := soxStat(t, file)
				if peak < minPeak {
					t.Errorf("%s is silent: peak %.3f", name, peak)
				}
				if length > maxPromptSeconds || length <= 0 {
					t.Errorf("%s lasts %.1f s (bound %d s)", name, length, maxPromptSeconds)
				}
				mu.Lock()
				if length > longest {
					longest, longestKey = length, name
				}
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
	t.Logf("%d clips; the longest, %s, lasts %.1f s", len(jobs), longestKey, longest)
}

// TestAplayPlays plays a prompt through aplay on ALSA's null device: the
// program, its arguments and the raw sample format are the kiosk's.
func TestAplayPlays(t *testing.T) {
	if _, err := exec.LookPath("aplay"); err != nil {
		if os.Getenv("BAWABA_REQUIRE_SPEECH") == "1" {
			t.Fatal("aplay not installed (scripts/setup.sh installs alsa-utils)")
		}
		t.Skip("aplay not installed")
	}
	dev := Exec{Program: "aplay", ALSADevice: "null"}
	if err := dev.Check(context.Background()); err != nil {
		t.Fatalf("Check: %v", err)
	}
	w, err := dev.Open(context.Background(), 22050)
	if err != nil {
		t.Fatal(err)
	}
	tone := PCM{Rate: 22050, Samples: make([]int16, 2205)}
	for i := range tone.Samples {
		tone.Samples[i] = int16(8000 * (i % 50) / 50)
	}
	if _, err := w.Write(tone.raw()); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("aplay: %v", err)
	}
	if err := (Exec{Program: "no-such-player"}).Check(context.Background()); !errors.Is(err, ErrNoAudio) {
		t.Errorf("a missing program: %v, want ErrNoAudio", err)
	}
}
