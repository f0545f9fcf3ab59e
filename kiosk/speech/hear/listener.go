package hear

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/bawaba/bawaba/kiosk/speech"
)

// ErrNoListener is returned when pocketsphinx, its English model or sox is
// not installed (scripts/setup.sh installs them).
var ErrNoListener = errors.New("hear: no recogniser installed")

// DefaultModel is where Debian's pocketsphinx-en-us puts the US English model.
const DefaultModel = "/usr/share/pocketsphinx/model/en-us"

// NoiseFloor is the peak amplitude of the white noise added to every clip
// before it is decoded (about -50 dBFS; see the package Caveats).
const NoiseFloor = 100

// Listener decodes English speech with pocketsphinx.
type Listener struct {
	// Model is the directory of the acoustic model (en-us/), the language
	// model (en-us.lm.bin) and the dictionary (cmudict-en-us.dict); empty
	// means DefaultModel.
	Model string
	// Args are extra pocketsphinx_batch arguments, after the Listener's own.
	Args []string
}

func (l Listener) model() string {
	if l.Model != "" {
		return l.Model
	}
	return DefaultModel
}

// Check reports ErrNoListener when a program or the model is missing.
func (l Listener) Check() error {
	for _, bin := range []string{"pocketsphinx_batch", "sox"} {
		if _, err := exec.LookPath(bin); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrNoListener, bin, err)
		}
	}
	if _, err := os.Stat(filepath.Join(l.model(), "en-us.lm.bin")); err != nil {
		return fmt.Errorf("%w: model: %v", ErrNoListener, err)
	}
	return nil
}

// Clip is one piece of audio to decode, named by an ID unique in its batch
// (letters, digits, '-', '_' and '.').
type Clip struct {
	ID    string
	Audio speech.PCM
}

// Hear decodes every clip and returns what was heard, by clip ID: words in
// lower case separated by spaces ("" for a clip in which nothing was heard).
// grammar is a JSGF grammar (CharGrammar); empty means the model's open
// vocabulary.
func (l Listener) Hear(ctx context.Context, clips []Clip, grammar string) (map[string]string, error) {
	if err := l.Check(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "bawaba-hear-")
	if err != nil {
		return nil, fmt.Errorf("hear: %w", err)
	}
	defer os.RemoveAll(dir)
	seen := map[string]bool{}
	for i, c := range clips {
		if !validID(c.ID) || seen[c.ID] {
			return nil, fmt.Errorf("hear: clip %d: bad or repeated ID %q", i, c.ID)
		}
		seen[c.ID] = true
		if err := writeClip(ctx, filepath.Join(dir, c.ID), c.Audio, uint64(i)); err != nil {
			return nil, fmt.Errorf("hear: clip %s: %w", c.ID, err)
		}
	}
	m := l.model()
	args := []string{
		"-hmm", filepath.Join(m, "en-us"),
		"-dict", filepath.Join(m, "cmudict-en-us.dict"),
		"-adcin", "yes", "-adchdr", "44", "-cepext", ".wav", "-cepdir", dir,
	}
	if grammar != "" {
		if err := os.WriteFile(filepath.Join(dir, "g.gram"), []byte(grammar), 0o600); err != nil {
			return nil, fmt.Errorf("hear: %w", err)
		}
		args = append(args, "-jsgf", filepath.Join(dir, "g.gram"), "-wip", grammarWIP)
	} else {
		args = append(args, "-lm", filepath.Join(m, "en-us.lm.bin"))
	}
	args = append(args, l.Args...)
	// Two decoders, each with every other clip: the machine has two cores,
	// and a full run of the prompts takes minutes.
	workers := min(2, len(clips))
	for w := range workers {
		var ctl strings.Builder
		for i := w; i < len(clips); i += workers {
			ctl.WriteString(clips[i].ID + "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, "part"+strconv.Itoa(w)+".ctl"), []byte(ctl.String()), 0o600); err != nil {
			return nil, fmt.Errorf("hear: %w", err)
		}
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		name := filepath.Join(dir, "part"+strconv.Itoa(w))
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := append(args[:len(args):len(args)], "-ctl", name+".ctl", "-hyp", name+".hyp", "-logfn", name+".log")
			if out, err := exec.CommandContext(ctx, "pocketsphinx_batch", a...).CombinedOutput(); err != nil {
				log, _ := os.ReadFile(name + ".log")
				errs[w] = fmt.Errorf("hear: pocketsphinx_batch: %w: %s%s", err, out, tail(log))
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	heard := map[string]string{}
	for w := range workers {
		hyp, err := os.ReadFile(filepath.Join(dir, "part"+strconv.Itoa(w)+".hyp"))
		if err != nil {
			return nil, fmt.Errorf("hear: %w", err)
		}
		h, err := ParseHyp(hyp)
		if err != nil {
			return nil, err
		}
		maps.Copy(heard, h)
	}
	for _, c := range clips {
		if _, ok := heard[c.ID]; !ok {
			heard[c.ID] = "" // pocketsphinx writes no line for a clip it could not decode
		}
	}
	return heard, nil
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

func validID(id string) bool {
	if id == "" || strings.HasPrefix(id, "part") || id == "g" {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// writeClip writes p, with the noise floor added (seeded by seed), as a 16 kHz
// WAV file name+".wav", resampled by sox.
func writeClip(ctx context.Context, name string, p speech.PCM, seed uint64) error {
	noisy := speech.PCM{Rate: p.Rate, Samples: make([]int16, len(p.Samples))}
	// Half a second of the floor alone before and after: the recogniser
	// estimates the noise from the start and needs an end to the last word.
	pad := make([]int16, p.Rate/2)
	noisy.Samples = append(append(pad, p.Samples...), pad...)
	rnd := rand.New(rand.NewPCG(seed, 0x6865617221))
	for i, s := range noisy.Samples {
		v := int(s) + rnd.IntN(2*NoiseFloor+1) - NoiseFloor
		noisy.Samples[i] = int16(max(-32768, min(32767, v)))
	}
	src := name + ".src.wav"
	if err := os.WriteFile(src, noisy.WAV(), 0o600); err != nil {
		return err
	}
	defer os.Remove(src)
	if out, err := exec.CommandContext(ctx, "sox", src, "-r", "16000", "-c", "1", "-b", "16", name+".wav").CombinedOutput(); err != nil {
		return fmt.Errorf("sox: %w: %s", err, out)
	}
	return nil
}

// ParseHyp reads pocketsphinx_batch's hypothesis file: one line per clip,
// "words (id score)". Words are returned in lower case.
func ParseHyp(b []byte) (map[string]string, error) {
	heard := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		open := strings.LastIndexByte(line, '(')
		if open < 0 || !strings.HasSuffix(line, ")") {
			return nil, fmt.Errorf("hear: hypothesis line %d: no (id score)", n)
		}
		f := strings.Fields(line[open+1 : len(line)-1])
		if len(f) == 0 {
			return nil, fmt.Errorf("hear: hypothesis line %d: no id", n)
		}
		heard[f[0]] = strings.ToLower(strings.Join(strings.Fields(line[:open]), " "))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("hear: hypothesis: %w", err)
	}
	return heard, nil
}

// grammarWIP is the word insertion penalty used with a grammar of character
// names. At pocketsphinx's default (0.65) the short names ("a", "e") are
// inserted everywhere: "three" was heard "three e", the digits 0–9 70% right
// with 3 extras. Measured over the spelled sets of cmd/bawaba-hear: 1e-2 64%,
// 1e-3 75%, 1e-4 80% of characters right, 1e-6 below zero (the search
// breaks down). It tunes the listener, not the kiosk.
const grammarWIP = "1e-4"
