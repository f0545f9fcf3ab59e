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

// Player is the kiosk's speech Engine: it turns each part of an utterance into
// audio (prompts from Prompts, spelled characters with pauses between them),
// scales it to the volume and plays it on Device. Parts are played as they are
// ready: the first sample goes out as soon as the first part is, and a long
// text later in the utterance (the terms) is rendered while the first plays.
type Player struct {
	Prompts *Prompts
	Device  Device
	// OnError, if set, is told what went wrong after Say returned (a later
	// part that could not be rendered); such an utterance stops there.
	OnError func(error)

	mu     chan struct{} // a one-slot lock: Say and Stop take turns
	cancel context.CancelFunc
	done   chan struct{}
}

// Pauses between spelled characters and between parts.
const (
	charGap     = 250   // ms
	slowCharGap = 900   // ms: the visual code, one character at a time
	partGap     = 300   // ms
	firstChunk  = 512   // samples written before Say returns: ~23 ms at 22050 Hz
	espeakRate  = 22050 // espeak-ng's sample rate
)

// NewPlayer returns a Player of prompts on dev.
func NewPlayer(prompts *Prompts, dev Device) *Player {
	return &Player{Prompts: prompts, Device: dev, mu: make(chan struct{}, 1)}
}

// Say implements Engine.
func (p *Player) Say(ctx context.Context, u Utterance) error {
	if len(u.Parts) == 0 {
		p.Stop()
		return nil
	}
	first, err := p.part(ctx, u, 0, 0)
	if err != nil {
		return err
	}
	if first.Rate == 0 { // a first part with no clip (a space)
		first.Rate = espeakRate
	}
	p.mu <- struct{}{}
	defer func() { <-p.mu }()
	p.stopLocked()
	playCtx, cancel := context.WithCancel(context.Background())
	w, err := p.Device.Open(playCtx, first.Rate)
	if err != nil {
		cancel()
		return fmt.Errorf("speech: open audio: %w", err)
	}
	raw := first.raw()
	n := min(len(raw), 2*firstChunk)
	if _, err := w.Write(raw[:n]); err != nil {
		cancel()
		w.Close()
		return fmt.Errorf("speech: play: %w", err)
	}
	done := make(chan struct{})
	p.cancel, p.done = cancel, done
	go func() {
		defer close(done)
		defer cancel()
		defer w.Close() // waits for the player program to finish playing
		if _, err := w.Write(raw[n:]); err != nil {
			return // cut off
		}
		for i := 1; i < len(u.Parts) && playCtx.Err() == nil; i++ {
			seg, err := p.part(playCtx, u, i, first.Rate)
			if err != nil {
				if playCtx.Err() == nil && p.OnError != nil {
					p.OnError(err)
				}
				return
			}
			if _, err := w.Write(seg.raw()); err != nil {
				return
			}
		}
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

// wait waits for the utterance playing to end by itself.
func (p *Player) wait() {
	p.mu <- struct{}{}
	done := p.done
	<-p.mu
	if done != nil {
		<-done
	}
}

// Render returns the whole of u as the kiosk plays it — every part with the
// pauses between parts and between spelled characters, at u's volume — without
// playing it: what a measurement of the audio (kiosk/speech/hear) must hear.
func (p *Player) Render(ctx context.Context, u Utterance) (PCM, error) {
	var out PCM
	for i := range u.Parts {
		seg, err := p.part(ctx, u, i, out.Rate)
		if err != nil {
			return PCM{}, err
		}
		if out.Rate == 0 {
			out.Rate = seg.Rate
		}
		out.Samples = append(out.Samples, seg.Samples...)
	}
	if out.Rate == 0 {
		out.Rate = espeakRate
	}
	return out, nil
}

// Check reports whether the audio device can play (for the staff screen).
func (p *Player) Check(ctx context.Context) error { return p.Device.Check(ctx) }

// part is the audio of u's part i at u's volume, led by the pause between
// parts unless it is the first. rate is the utterance's sample rate (zero for
// the first part, which sets it).
func (p *Player) part(ctx context.Context, u Utterance, i, rate int) (PCM, error) {
	part := u.Parts[i]
	lang := u.Lang
	if part.Lang != "" {
		lang = part.Lang
	}
	out := PCM{Rate: rate}
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
		if out.Rate > 0 {
			out.Samples = append(out.Samples, make([]int16, out.Rate*ms/1000)...)
		}
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
	g := u.Volume.gain()
	for k, smp := range out.Samples {
		out.Samples[k] = int16(float64(smp) * g)
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
