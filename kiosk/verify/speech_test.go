package verify

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/scanner"
	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
)

// TestEveryScreenAndErrorHasAPrompt: the screen and every verdict, with each
// unit of time, have a spoken prompt in both languages.
func TestEveryScreenAndErrorHasAPrompt(t *testing.T) {
	var keys []string
	outcomes := []*Outcome{nil, {Misread: true}, {NoTrust: digitalid.ErrTrustListStale}}
	for _, v := range []digitalid.Verdict{digitalid.Valid, digitalid.Expired, digitalid.NotYetValid, digitalid.UnknownKey,
		digitalid.Forged, digitalid.NotDigitalID} {
		for _, d := range []time.Duration{time.Second, 5 * time.Minute, 5 * time.Hour, 5 * 24 * time.Hour} {
			r := digitalid.Result{Verdict: v, Remaining: d, Overdue: d, Early: d, Copy: true}
			outcomes = append(outcomes, &Outcome{Result: r})
		}
	}
	for _, o := range outcomes {
		keys = append(keys, Spoken(o).Keys()...)
	}
	speechtest.AssertPrompts(t, nil, keys...)
	speechtest.AssertDiacritised(t, keys...)
}

// TestVerifyIsSpoken scans digital IDs with speech on: the screen, then each
// verdict with its time spelled, in the session's language, and never the
// holder's name or ID number.
func TestVerifyIsSpoken(t *testing.T) {
	copyQR := issue(t, key, "k1", issued, digitalid.Options{TTL: 30 * 24 * time.Hour, Copy: true})
	expired := issue(t, key, "k1", now.Add(-2*time.Hour), digitalid.Options{})
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			win := test.NewTempWindow(t, nil)
			win.Resize(fyne.NewSize(1280, 800))
			rec := &speechtest.Recorder{}
			ev := &chanEvents{}
			f := New(Options{Events: ev, Keys: trusted, Now: func() time.Time { return now }})
			s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour, Speech: rec})
			t.Cleanup(s.Stop)
			s.Start()
			tapText(t, win, i18n.T(i18n.AR, "a11y.speech.hear"))
			tapText(t, win, map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[l])
			tapText(t, win, i18n.T(l, "verify.title"))
			if got := rec.Last().Keys(); !slices.Equal(got, []string{keyScreen, keyBack}) {
				t.Fatalf("the screen said %v", got)
			}
			for _, sc := range []struct {
				qr    string
				first string
				spell string
			}{
				{copyQR, "speech.verify.valid", "29"},
				{expired, "speech.verify.expired", "119"},
				{"https://example.com/id", "speech.verify.not_digital_id", ""},
			} {
				n := len(rec.Said())
				ev.ch <- manager.Event{Type: manager.BarcodeRead, Barcode: &scanner.Scan{Data: []byte(sc.qr)}}
				deadline := time.Now().Add(10 * time.Second)
				for len(rec.Said()) == n {
					if time.Now().After(deadline) {
						t.Fatalf("%s: nothing said after the scan", sc.first)
					}
					time.Sleep(10 * time.Millisecond)
				}
				last := rec.Last()
				if k := last.Keys(); k[0] != sc.first || k[len(k)-1] != keyBack {
					t.Errorf("the scan said %v, want %s … %s", k, sc.first, keyBack)
				}
				if sc.spell != "" && (len(last.Parts) < 2 || last.Parts[1].Spell != sc.spell) {
					t.Errorf("%s: the time was not spelled %s: %+v", sc.first, sc.spell, last)
				}
				if last.Lang != l {
					t.Errorf("%s: said in %q", sc.first, last.Lang)
				}
			}
			if !slices.Contains(rec.Keys(), keyCopy) || !slices.Contains(rec.Keys(), keyHolder) {
				t.Errorf("the copy's verdict did not say it is a copy and where the holder is: %v", rec.Keys())
			}
			// The holder's data is on the screen, never in the speaker.
			rec.AssertSaidKnown(t)
			rec.AssertNeverSaid(t, holder.ID, holder.FullName, holder.SecondaryFullName, strconv.Itoa(holder.BirthDate.Year))
			if strings.Contains(rec.Spelled(), holder.ID) {
				t.Error("the holder's ID number was spoken")
			}
		})
	}
}
