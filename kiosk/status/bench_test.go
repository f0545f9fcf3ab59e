package status

import (
	"context"
	"os/exec"
	"sort"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// BenchmarkAnswerToFirstSample measures, with the prompts pre-rendered (as
// Warm does on a kiosk's first start), the time from the answer screen shown
// (rebuilt by a language switch) to the first samples of what it says — the
// reference spelled, the state, what it means — reaching the player program
// (aplay on ALSA's null device), and reports the 99th percentile. The issue's
// bound is 300 ms.
func BenchmarkAnswerToFirstSample(b *testing.B) {
	if _, err := exec.LookPath("aplay"); err != nil {
		b.Skip("aplay not installed")
	}
	if !(speech.Espeak{}).Available() {
		b.Skip("espeak-ng not installed")
	}
	prompts := &speech.Prompts{Dir: b.TempDir()}
	player := speech.NewPlayer(prompts, speech.Exec{Program: "aplay", ALSADevice: "null"})
	defer player.Stop()
	ob, queued, _, _ := realOutbox(b)
	for _, l := range i18n.Langs {
		for _, k := range []string{"speech.on", "speech.status.answer", "speech.status.kind.registration", "speech.status.state.waiting",
			"speech.status.detail.waiting", "speech.status.offline", "speech.status.answer.action"} {
			if _, err := prompts.Clip(context.Background(), l, k); err != nil {
				b.Fatal(err)
			}
		}
		for _, r := range queued.Ref {
			if _, _, err := prompts.Char(context.Background(), l, r); err != nil {
				b.Fatal(err)
			}
		}
	}
	u := startWith(b, i18n.EN, Options{Central: unreachable{}, Outbox: ob}, player)
	u.lookUp(queued.Ref)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l := i18n.AR
		if i%2 == 1 {
			l = i18n.EN
		}
		start := time.Now()
		u.s.SetLang(l) // rebuilds and says the answer; returns once its first samples play
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[min(len(times)-1, len(times)*99/100)].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}
