package enrol

import (
	"context"
	"net"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/wire"
)

// Funcs are what the steps do beyond the screen; cmd/kiosk backs them with
// sync/client and the kiosk's identity directory.
type Funcs struct {
	// FetchCA fetches central's CA certificate (PEM) from the address
	// (client.FetchCA). Required.
	FetchCA func(ctx context.Context, centralURL string) ([]byte, error)
	// Enrol enrols the kiosk with the address, the one-time code and the CA the
	// technician confirmed (client.Enroll), saving its identity only on
	// success, and returns the kiosk ID central gave it. Required.
	Enrol func(ctx context.Context, centralURL, code string, ca []byte) (kioskID string, err error)
	// Timeout bounds each call; zero means 30 s.
	Timeout time.Duration
}

// The steps, in order.
const (
	stepAddress = iota
	stepFingerprint
	stepCode
	stepDone
)

// Step names, as Steps.Step reports them (tests, the smoke build).
var stepNames = [...]string{"address", "fingerprint", "code", "done"}

// steps runs address → fingerprint → code → done on whatever shows it: the
// first-enrolment Screen or the staff IdentityTool. It holds the code typed
// until it is wiped.
type steps struct {
	f     Funcs
	lang  func() i18n.Lang
	kb    *keyboard.Keyboard
	show  func(fyne.CanvasObject)
	touch func()
	// canvas is where the step's field is focused (the keyboard comes up).
	canvas fyne.Canvas
	// title is the i18n key of the steps' heading; doneNext and doneGo those of
	// what the done step says comes next and its button.
	title, doneNext, doneGo string
	// barTitled leaves the heading out: the Screen's top bar shows it.
	barTitled bool
	// cancel, if set, leaves the steps (a Back on the address step); the first
	// enrolment has nowhere to go back to.
	cancel func()
	// finish is called when the done step's button is tapped.
	finish func(kioskID string)
	// result, if set, is told each call's outcome ("fetch", "declined",
	// "enrol"), for the staff audit trail.
	result func(what string, err error)
	// say, if set, speaks a prompt: each step, problem and wait as it
	// appears (promptKey), a field's label when it is tapped. The code typed
	// is never in a prompt: its field is Secret, its keys only "typed".
	say func(speech.Utterance)
	// spoken is the prompt said last, so that a redraw that changes nothing
	// (a language switch aside) does not say it again; focusing is set
	// while redraw focuses a field, whose label would cut the step's
	// prompt short.
	spoken   string
	focusing bool
	// reenrol says the first and last steps as a re-enrolment's (the kiosk
	// has an identity, and its services restart at the end).
	reenrol bool

	step       int
	host, port string
	ca         []byte
	caURL      string // the address ca came from
	fp         string
	code       string
	kioskID    string
	busy       bool
	errKey     string
	session    int // bumped by wipe: a late answer for a wiped session is dropped

	hostField, portField, codeField *keyboard.Field
}

func newSteps(f Funcs, centralURL string) *steps {
	if f.Timeout == 0 {
		f.Timeout = 30 * time.Second
	}
	s := &steps{f: f, title: "enrol.title", doneNext: "enrol.done.next", doneGo: "enrol.done.go"}
	s.setURL(centralURL)
	return s
}

// setURL splits an address into the host and port the fields show.
func (s *steps) setURL(centralURL string) {
	u, err := url.Parse(strings.TrimSpace(centralURL))
	if err != nil || u.Hostname() == "" {
		s.host, s.port = "", "8443"
		return
	}
	s.host, s.port = u.Hostname(), u.Port()
}

// url is the address typed: https, the host, the port when one is given.
func (s *steps) url() string {
	host := strings.TrimSpace(s.host)
	if p := strings.TrimSpace(s.port); p != "" {
		return "https://" + net.JoinHostPort(host, p)
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return "https://" + host
}

// wipe forgets everything typed and fetched, the code above all.
func (s *steps) wipe(centralURL string) {
	s.session++
	s.step, s.ca, s.caURL, s.fp, s.code, s.kioskID, s.busy, s.errKey = stepAddress, nil, "", "", "", "", false, ""
	s.spoken = ""
	s.setURL(centralURL)
}

// promptKey is the spoken prompt of what is shown: the wait, the problem,
// or the step.
func (s *steps) promptKey() string {
	switch {
	case s.busy:
		return "speech.enrol.busy"
	case s.errKey != "":
		return speech.KeyPrefix + s.errKey
	}
	if s.reenrol && (s.step == stepAddress || s.step == stepDone) {
		return "speech.enrol.reenrol.step." + stepNames[s.step]
	}
	return "speech.enrol.step." + stepNames[s.step]
}

// speak says what is shown when it is not what was said last, or always
// when force is set (speech just switched on, another language), after
// the prompts in before.
func (s *steps) speak(force bool, before ...string) {
	key := s.promptKey()
	if s.say == nil || (key == s.spoken && !force) {
		return
	}
	s.spoken = key
	s.say(speech.Say(append(before, key)...))
}

// label says a field's prompt when the technician taps it.
func (s *steps) label(key string) func() {
	return func() {
		if s.say != nil && !s.focusing {
			s.say(speech.Say(key))
		}
	}
}

func (s *steps) fail(err error) {
	_, s.errKey = Problem(err)
}

// fetch fetches the CA off the Fyne goroutine and shows its fingerprint.
func (s *steps) fetch() {
	s.touch()
	if s.busy {
		return
	}
	target := s.url()
	s.busy, s.errKey = true, ""
	s.redraw()
	session := s.session
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), s.f.Timeout)
		defer cancel()
		ca, err := s.f.FetchCA(ctx, target)
		var fp string
		if err == nil {
			fp, err = wire.CAFingerprint(ca)
		}
		fyne.Do(func() {
			if s.session != session {
				return
			}
			s.busy = false
			if s.result != nil {
				s.result("fetch", err)
			}
			if err != nil {
				s.fail(err)
				s.redraw()
				return
			}
			s.ca, s.caURL, s.fp, s.step = ca, target, fp, stepFingerprint
			s.redraw()
		})
	}()
}

// decline ends the attempt: the CA is forgotten and the technician is back at
// the address, with what to do next.
func (s *steps) decline() {
	s.touch()
	if s.result != nil {
		s.result("declined", ErrDeclined)
	}
	s.ca, s.caURL, s.fp, s.step = nil, "", "", stepAddress
	s.fail(ErrDeclined)
	s.redraw()
}

func (s *steps) confirm() {
	s.touch()
	s.step, s.errKey = stepCode, ""
	s.redraw()
}

// enrol sends the code off the Fyne goroutine.
func (s *steps) enrol() {
	s.touch()
	if s.busy {
		return
	}
	code := strings.TrimSpace(s.code)
	if code == "" {
		s.errKey = "enrol.err.code_empty"
		s.redraw()
		return
	}
	s.busy, s.errKey = true, ""
	s.redraw()
	session, target, ca := s.session, s.caURL, s.ca
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), s.f.Timeout)
		defer cancel()
		id, err := s.f.Enrol(ctx, target, code, ca)
		fyne.Do(func() {
			if s.session != session {
				return
			}
			s.busy = false
			if s.result != nil {
				s.result("enrol", err)
			}
			if err != nil {
				s.fail(err)
				s.redraw()
				return
			}
			// The code is used up: forget it now, not only at wipe.
			s.code, s.kioskID, s.step = "", id, stepDone
			s.redraw()
		})
	}()
}

// redraw shows the current step, with the keyboard on its field, or down
// when it has none to type in.
func (s *steps) redraw() {
	s.show(s.screen())
	s.speak(false)
	if f := s.focusField(); f != nil && s.canvas != nil {
		s.focusing = true
		s.canvas.Focus(f)
		s.focusing = false
		return
	}
	s.kb.SetKind(keyboard.None)
}

// screen builds the current step in the current language.
func (s *steps) screen() fyne.CanvasObject {
	l := s.lang()
	box := container.New(reflow{})
	if !s.barTitled {
		box.Add(rtl.NewHeading(l, i18n.T(l, s.title)))
	}
	if s.step != stepDone {
		// One line, not rtl.Steps: with the letter keyboard up, the step's
		// fields need every line of the screen above it.
		names := [...]string{"enrol.step.address", "enrol.step.fingerprint", "enrol.step.code"}
		st := rtl.NewLabel(l, i18n.Tf(l, "enrol.step.of", s.step+1, len(names), i18n.T(l, names[s.step])))
		st.Bold, st.ColorName = true, fynetheme.ColorNamePrimary
		box.Add(st)
	}
	var back, next fyne.CanvasObject
	switch s.step {
	case stepAddress:
		box.Add(para(l, i18n.T(l, "enrol.address.intro")))
		s.hostField = s.kb.NewField(keyboard.Latin)
		s.hostField.SetText(s.host)
		s.hostField.OnChanged = func(v string) { s.host = v; s.touch() }
		s.hostField.OnFocused = s.label("speech.enrol.field.host")
		s.portField = s.kb.NewField(keyboard.Numeric)
		s.portField.SetText(s.port)
		s.portField.OnChanged = func(v string) { s.port = v; s.touch() }
		s.portField.OnFocused = s.label("speech.enrol.field.port")
		s.addError(box, l)
		labels := column(l, "enrol.address.host", "enrol.address.port")
		box.Add(rtl.FormRow(l, labels[0], s.hostField))
		box.Add(rtl.FormRow(l, labels[1], s.portField))
		b := rtl.NewPrimary(l, i18n.T(l, "enrol.address.fetch"), s.fetch)
		b.Icon, b.IconEnd = rtl.NextIcon(l), true
		if s.busy {
			b.Disable()
		}
		next = b
		if s.cancel != nil {
			c := rtl.NewButton(l, i18n.T(l, "nav.back"), s.cancel)
			c.Icon = rtl.BackIcon(l)
			if s.busy {
				c.Disable()
			}
			back = c
		}
	case stepFingerprint:
		box.Add(para(l, i18n.Tf(l, "enrol.fingerprint.intro", s.caURL)))
		box.Add(fingerprint(l, s.fp))
		box.Add(para(l, i18n.T(l, "enrol.fingerprint.why")))
		no := rtl.NewButton(l, i18n.T(l, "enrol.fingerprint.no"), s.decline)
		no.Icon = fynetheme.CancelIcon()
		yes := rtl.NewPrimary(l, i18n.T(l, "enrol.fingerprint.yes"), s.confirm)
		yes.Icon = fynetheme.ConfirmIcon()
		back, next = no, yes
	case stepCode:
		box.Add(para(l, i18n.T(l, "enrol.code.intro")))
		s.codeField = s.kb.NewField(keyboard.Latin)
		// Shown (it is checked by eye against central's) but never said.
		s.codeField.Secret = true
		s.codeField.SetText(s.code)
		s.codeField.OnFocused = s.label("speech.enrol.field.code")
		s.codeField.OnChanged = func(v string) { s.code = v; s.touch() }
		s.addError(box, l)
		box.Add(rtl.FormRow(l, rtl.NewLabel(l, i18n.T(l, "enrol.code.label")), s.codeField))
		b := rtl.NewButton(l, i18n.T(l, "nav.back"), func() { s.touch(); s.step, s.errKey = stepFingerprint, ""; s.redraw() })
		b.Icon = rtl.BackIcon(l)
		e := rtl.NewPrimary(l, i18n.T(l, "enrol.code.enrol"), s.enrol)
		e.Icon = fynetheme.ConfirmIcon()
		if s.busy {
			b.Disable()
			e.Disable()
		}
		back, next = b, e
	case stepDone:
		ok := rtl.NewLabel(l, i18n.Tf(l, "enrol.done.body", s.kioskID, s.caURL))
		ok.Wrap, ok.ColorName = true, fynetheme.ColorNameSuccess
		box.Add(ok)
		box.Add(para(l, i18n.T(l, s.doneNext)))
		id := s.kioskID
		b := rtl.NewPrimary(l, i18n.T(l, s.doneGo), func() { s.finish(id) })
		b.Icon, b.IconEnd = rtl.NextIcon(l), true
		next = b
	}
	if s.busy {
		box.Add(para(l, i18n.T(l, "enrol.busy")))
	}
	return page(l, box, back, next)
}

// reflow is a vertical box laid out twice: a wrapping label learns its
// height only from the width its first layout gives it, and the second pass
// places what follows it below all its lines.
type reflow struct{}

func (reflow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return layout.NewVBoxLayout().MinSize(objs)
}

func (reflow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	v := layout.NewVBoxLayout()
	v.Layout(objs, size)
	v.Layout(objs, size)
}

// column returns labels for keys, each as wide as the widest, so that the
// fields beside them line up.
func column(l i18n.Lang, keys ...string) []fyne.CanvasObject {
	var w float32
	ls := make([]*rtl.Label, len(keys))
	for i, k := range keys {
		ls[i] = rtl.NewLabel(l, i18n.T(l, k))
		w = max(w, ls[i].MinSize().Width)
	}
	out := make([]fyne.CanvasObject, len(ls))
	for i, lb := range ls {
		out[i] = container.NewGridWrap(fyne.NewSize(w, lb.MinSize().Height), lb)
	}
	return out
}

// addError shows the step's problem, if any, right above its fields: with the
// keyboard up, a message under them would be scrolled out of sight.
func (s *steps) addError(box *fyne.Container, l i18n.Lang) {
	if s.errKey == "" {
		return
	}
	m := rtl.NewLabel(l, i18n.T(l, s.errKey))
	m.Wrap, m.ColorName, m.Bold = true, fynetheme.ColorNameError, true
	box.Add(m)
}

// focusField is the field to focus when a step appears, if it has one. After
// a problem there is none: the keyboard stays down so that the whole message
// is in view, and a tap on the field brings it back.
func (s *steps) focusField() fyne.Focusable {
	if s.busy || s.errKey != "" {
		return nil
	}
	switch s.step {
	case stepAddress:
		return s.hostField
	case stepCode:
		return s.codeField
	}
	return nil
}

func para(l i18n.Lang, text string) *rtl.Label {
	p := rtl.NewLabel(l, text)
	p.Wrap = true
	return p
}

// fingerprint shows the 16 groups as four lines of four, large and bold, in
// reading order left to right in both languages: they are hexadecimal digits.
func fingerprint(l i18n.Lang, fp string) fyne.CanvasObject {
	groups := strings.Fields(fp)
	lines := container.NewVBox()
	for i := 0; i < len(groups); i += 4 {
		t := rtl.NewLabel(i18n.EN, strings.Join(groups[i:min(i+4, len(groups))], "  "))
		t.Bold, t.SizeName, t.Alignment = true, fynetheme.SizeNameSubHeadingText, fyne.TextAlignCenter
		lines.Add(t)
	}
	card := container.NewStack(widget.NewCard("", "", lines))
	return container.NewPadded(card)
}
