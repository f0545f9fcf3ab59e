package speech

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// Device plays raw mono signed 16-bit little-endian samples.
type Device interface {
	// Open starts playback at rate; what is written to the writer is played,
	// and Close waits for it to finish. Cancelling ctx cuts it off.
	Open(ctx context.Context, rate int) (io.WriteCloser, error)
	// Check reports whether the device can play now; ErrNoAudio when it cannot.
	Check(ctx context.Context) error
}

// Player is the kiosk's speech Engine: it joins the clips of an utterance
// (prompts from Prompts, spelled characters with pauses between them), scales
// them to the volume and plays them on Device.
type Player struct {
	Prompts *Prompts
	Device  Device

	mu     chan struct{} // a one-slot lock: Say and Stop take turns
	cancel context.CancelFunc
	done   chan struct{}
}

// Pauses between spelled characters, and the rate silence is made at when an
// utterance has no clip to take it from.
const (
	charGap      = 250 // ms
	slowCharGap  = 900 // ms: the visual code, one character at a time
	partGap      = 300 // ms
	fallbackRate = 22050
	firstChunk   = 512 // samples written before Say returns: ~23 ms at 22050 Hz
)

// NewPlayer returns a Player of prompts on dev.
func NewPlayer(prompts *Prompts, dev Device) *Player {
	return &Player{Prompts: prompts, Device: dev, mu: make(chan struct{}, 1)}
}

// Say implements Engine.
func (p *Player) Say(ctx context.Context, u Utterance) error {
	pcm, err := p.assemble(ctx, u)
	if err != nil {
		return err
	}
	p.mu <- struct{}{}
	defer func() { <-p.mu }()
	p.stopLocked()
	if len(pcm.Samples) == 0 {
		return nil
	}
	playCtx, cancel := context.WithCancel(context.Background())
	w, err := p.Device.Open(playCtx, pcm.Rate)
	if err != nil {
		cancel()
		return fmt.Errorf("speech: open audio: %w", err)
	}
	raw := pcm.raw()
	first := min(len(raw), 2*firstChunk)
	if _, err := w.Write(raw[:first]); err != nil {
		cancel()
		w.Close()
		return fmt.Errorf("speech: play: %w", err)
	}
	done := make(chan struct{})
	p.cancel, p.done = cancel, done
	go func() {
		defer close(done)
		defer cancel()
		if _, err := w.Write(raw[first:]); err == nil {
			w.Close()
			return
		}
		w.Close()
	}()
	return nil
}

// Stop implements Engine.
func (p *Player) Stop() {
	p.mu <- struct{}{}
	defer func() { <-p.mu }()
	p.stopLocked()
}

func (p *Player) stopLocked() {
	if p.cancel != nil {
		p.cancel()
		<-p.done
		p.cancel, p.done = nil, nil
	}
}

// Check reports whether the audio device can play (for the staff screen).
func (p *Player) Check(ctx context.Context) error { return p.Device.Check(ctx) }

// assemble joins u's clips into one stream at u's volume.
func (p *Player) assemble(ctx context.Context, u Utterance) (PCM, error) {
	var out PCM
	add := func(c PCM) error {
		if out.Rate == 0 {
			out.Rate = c.Rate
		}
		if c.Rate != out.Rate {
			return fmt.Errorf("%w: clips at %d and %d Hz in one utterance", ErrFormat, out.Rate, c.Rate)
		}
		out.Samples = append(out.Samples, c.Samples...)
		return nil
	}
	silence := func(ms int) {
		rate := out.Rate
		if rate == 0 {
			rate = fallbackRate
		}
		if len(out.Samples) > 0 {
			out.Samples = append(out.Samples, make([]int16, rate*ms/1000)...)
		}
	}
	for i, part := range u.Parts {
		lang := u.Lang
		if part.Lang != "" {
			lang = part.Lang
		}
		if i > 0 {
			silence(partGap)
		}
		if part.Key != "" {
			c, err := p.Prompts.Clip(ctx, lang, part.Key)
			if err != nil {
				return PCM{}, err
			}
			if err := add(c); err != nil {
				return PCM{}, err
			}
		}
		if part.Text != "" {
			c, err := p.Prompts.text(ctx, lang, part.Text)
			if err != nil {
				return PCM{}, fmt.Errorf("speech: text: %w", err)
			}
			if err := add(c); err != nil {
				return PCM{}, err
			}
		}
		gap := charGap
		if part.Slow {
			gap = slowCharGap
		}
		runes := []rune(part.Spell)
		for j, r := range runes {
			if j > 0 && charKeys[r] == "speech.char.hidden" && runes[j-1] == r {
				continue // "05•••••123": one "hidden" for the run
			}
			c, ok, err := p.Prompts.Char(ctx, lang, r)
			if err != nil {
				return PCM{}, err
			}
			if j > 0 {
				silence(gap)
			}
			if ok {
				if err := add(c); err != nil {
					return PCM{}, err
				}
			}
		}
	}
	g := u.Volume.gain()
	for i, s := range out.Samples {
		out.Samples[i] = int16(float64(s) * g)
	}
	return out, nil
}

// Exec is a Device that pipes samples to a player program: paplay (PulseAudio
// or PipeWire) or aplay (ALSA).
type Exec struct {
	// Program is "paplay" or "aplay".
	Program string
	// ALSADevice is aplay's -D device; empty means the default. "null"
	// discards the sound (tests, benchmarks).
	ALSADevice string
}

// DefaultDevice picks the default audio output: paplay when a PulseAudio
// (or PipeWire) server is running for this user, else aplay.
func DefaultDevice() Exec {
	if _, err := exec.LookPath("paplay"); err == nil && pulseRunning() {
		return Exec{Program: "paplay"}
	}
	return Exec{Program: "aplay"}
}

func pulseRunning() bool {
	if os.Getenv("PULSE_SERVER") != "" {
		return true
	}
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, "pulse", "native"))
	return err == nil
}

func (e Exec) args(rate int) []string {
	r := strconv.Itoa(rate)
	if e.Program == "paplay" {
		return []string{"--raw", "--format=s16le", "--channels=1", "--rate=" + r}
	}
	a := []string{"-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", r}
	if e.ALSADevice != "" {
		a = append(a, "-D", e.ALSADevice)
	}
	return append(a, "-")
}

// Open implements Device.
func (e Exec) Open(ctx context.Context, rate int) (io.WriteCloser, error) {
	bin, err := exec.LookPath(e.Program)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoAudio, err)
	}
	cmd := exec.CommandContext(ctx, bin, e.args(rate)...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoAudio, err)
	}
	return &execStream{cmd: cmd, in: in}, nil
}

type execStream struct {
	cmd *exec.Cmd
	in  io.WriteCloser
}

func (s *execStream) Write(b []byte) (int, error) { return s.in.Write(b) }

func (s *execStream) Close() error {
	s.in.Close()
	return s.cmd.Wait()
}

// Check implements Device: aplay must list a sound card (or be given a device
// such as "null"); paplay needs its server, which DefaultDevice checked.
func (e Exec) Check(ctx context.Context) error {
	if _, err := exec.LookPath(e.Program); err != nil {
		return fmt.Errorf("%w: %s not installed", ErrNoAudio, e.Program)
	}
	if e.Program != "aplay" || e.ALSADevice != "" {
		return nil
	}
	out, err := exec.CommandContext(ctx, "aplay", "-l").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("card ")) {
		return fmt.Errorf("%w: no sound card", ErrNoAudio)
	}
	return nil
}
