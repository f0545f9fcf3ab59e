package wizard

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
)

// Synthetic applicant: numbers with valid check digits that are obviously test data.
var (
	citizenID = registertest.SynthID("100000001")
	testPass  = "Xy!9pass#Q"
)

// testRef is the reference every queued record gets in the UI-only tests, so the
// done screens' goldens are the same on every run.
const testRef = "TESTREF7QK"

func newQueue() *registertest.Queue { return &registertest.Queue{Ref: testRef} }

func frozenQueue(err error) *registertest.Queue {
	q := newQueue()
	q.Freeze(err)
	return q
}

// newLive is a central service whose registry knows citizenID and whose SMS
// carries code.
func newLive(code string, now func() time.Time) *registertest.Live {
	return &registertest.Live{Known: map[string]bool{citizenID: true}, Code: code, Now: now}
}

type fakeTerms struct{}

func (fakeTerms) Terms() (register.Terms, bool) {
	return register.Terms{
		Version: "test-1",
		Terms: register.Text{
			AR: "هذا نص تجريبي للشروط والأحكام. يلتزم المستخدم باستخدام الحساب لأغراض مشروعة، وعدم مشاركة كلمة المرور مع أي شخص، والمحافظة على سرية رمز التحقق.",
			EN: "These are test terms and conditions. The user agrees to use the account lawfully, never to share the password with anyone, and to keep verification codes secret."},
		Privacy: register.Text{
			AR: "تُحفظ بياناتك مشفّرة في الجهاز حتى تصل إلى النظام المركزي، ولا تُستخدم إلا لتقديم الخدمة.",
			EN: "Your data is kept encrypted on this kiosk until it reaches the central system, and is used only to provide the service."},
	}, true
}

// ui drives the real shell with the registration flow the way a person would.
type ui struct {
	t     *testing.T
	win   fyne.Window
	s     *shell.Shell
	f     *Flow
	lang  i18n.Lang
	shots string
	name  string
}

func startUI(t *testing.T, lang i18n.Lang, deps register.Deps) *ui {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	f := New(Options{Deps: deps, Go: func(fn func()) { fn() }, TickEvery: -1})
	s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour})
	t.Cleanup(s.Stop)
	s.Start()
	u := &ui{t: t, win: win, s: s, f: f, lang: lang, shots: os.Getenv("BAWABA_SCREENSHOTS")}
	u.tapText(i18n.T(i18n.AR, "attract.touch"))
	if lang == i18n.AR {
		u.tapText("العربية")
	} else {
		u.tapText("English")
	}
	u.tapText(i18n.T(lang, "register.title"))
	if s.FlowID() != "register" {
		t.Fatalf("flow not started: screen %s", s.Screen())
	}
	return u
}

func (u *ui) step() register.Step { return u.f.w.Step() }

// tapText taps the first button on screen whose caption contains text.
func (u *ui) tapText(text string) {
	u.t.Helper()
	b, ok := screentest.Find(u.win.Canvas(), func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
	if !ok {
		u.t.Fatalf("no button %q on screen (step %s)", text, u.step())
	}
	test.Tap(b)
}

func (u *ui) tap(key string) {
	u.t.Helper()
	b, ok := u.f.buttons[key]
	if !ok {
		u.t.Fatalf("no button %q on step %s", key, u.step())
	}
	test.Tap(b)
}

func (u *ui) next() { u.t.Helper(); u.tap("next") }

// typeInto taps a field and types s on the on-screen keyboard, clearing it first.
func (u *ui) typeInto(field register.Field, s string) {
	u.t.Helper()
	e, ok := u.f.fields[field]
	if !ok {
		u.t.Fatalf("no field %s on step %s", field, u.step())
	}
	test.Tap(e)
	kb := u.s.Keyboard()
	u.key(kb.Key("clear"))
	for _, r := range s {
		label := string(unicode.ToLower(r))
		k := kb.Key(label)
		if k == nil {
			u.t.Fatalf("keyboard %s has no key %q", kb.Kind(), label)
		}
		if unicode.IsLetter(r) && kb.Kind().String() == "latin" {
			upper := k.Label.Text != label
			if upper != unicode.IsUpper(r) {
				u.key(kb.Key("shift"))
				k = kb.Key(label)
			}
		}
		u.key(k)
	}
	if got := u.f.fields[field].Text; got != s {
		u.t.Fatalf("field %s = %q after typing %q", field, got, s)
	}
}

func (u *ui) key(b *rtl.Button) {
	u.t.Helper()
	if b == nil {
		u.t.Fatal("missing key")
	}
	test.Tap(b)
}

// expectError checks that the step did not advance and that field's message is on
// screen in the UI language.
func (u *ui) expectError(step register.Step, field register.Field, code string) {
	u.t.Helper()
	if u.step() != step {
		u.t.Fatalf("advanced to %s, want to stay on %s", u.step(), step)
	}
	fe, ok := u.f.w.ErrorFor(field)
	if !ok || fe.Code != code {
		u.t.Fatalf("error on %s = %+v, want %s", field, fe, code)
	}
	if !u.onScreen(fe.Message(string(u.lang))) {
		u.t.Fatalf("message %q not on screen", fe.Message(string(u.lang)))
	}
}

func (u *ui) onScreen(text string) bool {
	_, ok := screentest.Find(u.win.Canvas(), func(l *rtl.Label) bool { return strings.Contains(l.Text, text) })
	return ok
}

// snap compares the screen with its markup golden and, when BAWABA_SCREENSHOTS
// names a directory, writes a PNG to look at.
func (u *ui) snap(name string) {
	u.t.Helper()
	file := fmt.Sprintf("%s/%s.xml", u.lang, name)
	if u.name != "" {
		file = fmt.Sprintf("%s/%s/%s.xml", u.name, u.lang, name)
	}
	test.AssertRendersToMarkup(u.t, file, u.win.Canvas())
	if u.shots == "" {
		return
	}
	img := u.win.Canvas().Capture()
	path := filepath.Join(u.shots, strings.ReplaceAll(strings.TrimSuffix(file, ".xml"), "/", "_")+".png")
	fh, err := os.Create(path)
	if err != nil {
		u.t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, img); err != nil {
		u.t.Fatal(err)
	}
}

var errPaperOut = fmt.Errorf("printer: paper out")
