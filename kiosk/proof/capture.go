package proof

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// State is where a Capture is.
type State int

// Capture states.
const (
	StatePlace     State = iota // waiting for a finger on the sensor
	StateChecking               // a template was read and is being checked
	StateLift                   // a try failed; waiting for the finger to be lifted
	StateFault                  // the sensor failed or no finger came; "try again" waits for a tap
	StateAccepted               // the check accepted the finger
	StateExhausted              // both fingers used their tries
	StateStopped                // the check ended the capture with an error (OnStop)
)

func (s State) String() string {
	return [...]string{"place", "checking", "lift", "fault", "accepted", "exhausted", "stopped"}[s]
}

// CaptureOptions configure a Capture. Sensor, Check and the On… callbacks are
// required.
type CaptureOptions struct {
	Sensor Sensor
	// Check decides about a template read from the sensor, off the Fyne goroutine:
	// true to accept it, false for a finger that is not the one on record (a failed
	// try), an error to stop (OnStop gets it). The template is cleared after Check
	// unless it was accepted.
	Check func(ctx context.Context, tmpl []byte) (bool, error)
	// OnAccepted gets the accepted template on the Fyne goroutine; it is the
	// receiver's to clear.
	OnAccepted func(tmpl []byte)
	// OnExhausted is called when both index fingers used MaxAttempts tries.
	OnExhausted func()
	// OnStop is called with Check's error.
	OnStop func(error)
	// Touch tells the idle timer the person is there (a finger on the sensor
	// counts as a touch).
	Touch func()
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`.
	Go func(func())
	// OnChange, if set, is called on every change of state instead of updating
	// the last Object in place: the service rebuilds its whole screen, so its
	// layout (scrolling, the "try again" button) follows.
	OnChange func()
	// Timeout is how long to wait for a finger before saying so; zero means 30 s.
	Timeout time.Duration
	// CheckTimeout bounds Check; zero means 20 s.
	CheckTimeout time.Duration
}

// Capture asks for a fingerprint and runs the tries. Build its screen with
// Object; call its methods on the Fyne goroutine.
type Capture struct {
	o        CaptureOptions
	attempts Attempts
	state    State
	// problem is the last failure, shown above the instruction; Key "" for none.
	problem Problem
	// switched is set when the person was just asked to change finger.
	switched bool
	gen      int // bumped by Stop; a late answer of an older run is dropped
	cancel   context.CancelFunc
	// onScreen is refreshed on every state change.
	redraw func()
}

// NewCapture returns a capture that has not started; Start begins it.
func NewCapture(o CaptureOptions) *Capture {
	if o.Go == nil {
		o.Go = func(f func()) { go f() }
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.CheckTimeout == 0 {
		o.CheckTimeout = 20 * time.Second
	}
	if o.Touch == nil {
		o.Touch = func() {}
	}
	return &Capture{o: o}
}

// State is the capture's state.
func (c *Capture) State() State { return c.state }

// Finger is the finger asked for now.
func (c *Capture) Finger() Finger { return c.attempts.Finger() }

// Left is how many tries the current finger has left.
func (c *Capture) Left() int { return c.attempts.Left() }

// Problem is the last failure shown; Key is "" when none.
func (c *Capture) Problem() Problem { return c.problem }

// Start waits for a finger (again, after a fault).
func (c *Capture) Start() {
	c.stopRun()
	c.state = StatePlace
	c.show()
	gen := c.gen
	ctx, cancel := context.WithTimeout(context.Background(), c.o.Timeout)
	c.cancel = cancel
	c.o.Go(func() {
		tmpl, err := c.o.Sensor.Capture(ctx)
		cancel()
		fyne.Do(func() {
			if gen != c.gen {
				clear(tmpl)
				return
			}
			c.captured(tmpl, err)
		})
	})
}

// Stop cancels a wait for the sensor; what it returns later is dropped.
func (c *Capture) Stop() { c.stopRun() }

func (c *Capture) stopRun() {
	c.gen++
	if c.cancel != nil {
		c.cancel()
		c.cancel = nil
	}
}

func (c *Capture) captured(tmpl []byte, err error) {
	c.o.Touch()
	if err != nil {
		p := Explain(err)
		if p.Counts {
			c.failed(p)
			return
		}
		c.problem, c.state = p, StateFault
		c.show()
		return
	}
	c.state = StateChecking
	c.show()
	gen := c.gen
	ctx, cancel := context.WithTimeout(context.Background(), c.o.CheckTimeout)
	c.cancel = cancel
	c.o.Go(func() {
		ok, err := c.o.Check(ctx, tmpl)
		cancel()
		if !ok || err != nil {
			clear(tmpl)
		}
		fyne.Do(func() {
			if gen != c.gen {
				clear(tmpl)
				return
			}
			switch {
			case err != nil:
				c.state = StateStopped
				c.show()
				c.o.OnStop(err)
			case ok:
				c.state, c.problem = StateAccepted, Problem{}
				c.show()
				c.o.OnAccepted(tmpl)
			default:
				c.failed(Problem{Key: "proof.no_match", Hint: "proof.hint.again", Counts: true})
			}
		})
	})
}

// failed counts a try, then waits for the finger to be lifted before the next.
func (c *Capture) failed(p Problem) {
	switched, exhausted := c.attempts.Failed()
	c.problem, c.switched = p, switched
	if exhausted {
		c.state = StateExhausted
		c.show()
		c.o.OnExhausted()
		return
	}
	c.state = StateLift
	c.show()
	gen := c.gen
	ctx, cancel := context.WithTimeout(context.Background(), c.o.Timeout)
	c.cancel = cancel
	c.o.Go(func() {
		err := c.o.Sensor.WaitLifted(ctx)
		cancel()
		fyne.Do(func() {
			if gen != c.gen {
				return
			}
			if err != nil {
				c.problem, c.state = Explain(err), StateFault
				c.show()
				return
			}
			c.Start()
		})
	})
}

func (c *Capture) show() {
	if c.o.OnChange != nil {
		c.o.OnChange()
		return
	}
	if c.redraw != nil {
		c.redraw()
	}
}

// Instruction is the i18n key of the main instruction for the current state.
func (c *Capture) Instruction() string {
	switch c.state {
	case StateChecking:
		return "proof.checking"
	case StateLift:
		return "proof.lift"
	case StateFault:
		return "proof.fault.title"
	case StateAccepted:
		return "proof.accepted"
	case StateExhausted:
		return "proof.exhausted"
	case StateStopped:
		return "proof.checking"
	}
	return "proof.place"
}

// Object builds the capture screen's body in lang: the hands with the finger
// marked, what to do, what went wrong and what to do about it, the tries left,
// and "try again" after a fault. alternative, if not nil, is the non-biometric
// way out shown under it (a button the service makes).
func (c *Capture) Object(lang i18n.Lang, alternative fyne.CanvasObject) fyne.CanvasObject {
	hand := NewHand(c.Finger())
	handBox := container.NewGridWrap(fyne.NewSize(224, 134), hand)
	finger := rtl.NewHeading(lang, i18n.Tf(lang, "proof.which_finger", i18n.T(lang, c.Finger().Key())))
	finger.Alignment, finger.Wrap = fyne.TextAlignLeading, true
	instr := rtl.NewHeading(lang, "")
	instr.Alignment, instr.Wrap = fyne.TextAlignLeading, true
	instr.SizeName = fynetheme.SizeNameSubHeadingText
	problem := rtl.NewLabel(lang, "")
	problem.Alignment, problem.Wrap, problem.Bold = fyne.TextAlignLeading, true, true
	problem.ColorName = fynetheme.ColorNameError
	hint := rtl.NewLabel(lang, "")
	hint.Alignment, hint.Wrap = fyne.TextAlignLeading, true
	tries := rtl.NewLabel(lang, "")
	tries.Alignment = fyne.TextAlignLeading
	retry := rtl.NewPrimary(lang, i18n.T(lang, "proof.try_again"), func() { c.o.Touch(); c.problem = Problem{}; c.Start() })
	retryBox := container.NewHBox(retry)
	if lang.RTL() {
		retryBox = container.NewHBox(layout.NewSpacer(), retry)
	}
	var box *fyne.Container

	c.redraw = func() {
		hand.Mark = c.Finger()
		hand.Refresh()
		finger.SetText(i18n.Tf(lang, "proof.which_finger", i18n.T(lang, c.Finger().Key())))
		instr.SetText(i18n.T(lang, c.Instruction()))
		p, h := "", ""
		if c.problem.Key != "" && c.state != StateAccepted {
			p = i18n.T(lang, c.problem.Key)
			if c.problem.Hint != "" {
				h = i18n.T(lang, c.problem.Hint)
			}
			if c.switched && c.state != StateFault {
				h = i18n.Tf(lang, "proof.hint.other_finger", i18n.T(lang, c.Finger().Key()))
			}
		}
		problem.SetText(p)
		hint.SetText(h)
		tries.SetText(i18n.Tf(lang, "proof.tries_left", c.Left(), MaxAttempts))
		if c.state == StateFault {
			retryBox.Show()
		} else {
			retryBox.Hide()
		}
		if box != nil {
			// Showing "try again" changes the column's height: lay it out again.
			box.Refresh()
		}
	}
	c.redraw()
	// The hands sit at the reading start, the words beside them, so that the
	// whole screen and its way out fit above the fold at 1280×800.
	words := container.NewVBox(layout.NewSpacer(), finger, instr, problem, hint, tries, retryBox, layout.NewSpacer())
	var row *fyne.Container
	if lang.RTL() {
		row = container.NewBorder(nil, nil, nil, container.NewCenter(handBox), words)
	} else {
		row = container.NewBorder(nil, nil, container.NewCenter(handBox), nil, words)
	}
	objs := []fyne.CanvasObject{row}
	if alternative != nil {
		objs = append(objs, alternative)
	}
	box = container.NewVBox(objs...)
	return box
}

// Retry is the "try again" action after a fault, for tests and keyboards.
func (c *Capture) Retry() { c.problem = Problem{}; c.Start() }
