package magstripe_test

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/identity/luhn"
	"github.com/bawaba/bawaba/sync/wire"
)

// A synthetic test PAN: a Visa-like BIN, Luhn digit computed.
var pan = "400000123456789" + string(luhn.Digit("400000123456789"))

func TestParseSwipes(t *testing.T) {
	t1 := magstripe.Track1(pan, "RESIDENT/TEST", "3012", "201", "000123", false)
	t2 := magstripe.Track2(pan, "3012", "201", "000123", false)
	t1l := magstripe.Track1(pan, "RESIDENT/TEST", "3012", "201", "000123", true)
	t2l := magstripe.Track2(pan, "3012", "201", "000123", true)
	tests := []struct {
		name   string
		in     string
		tracks int
		holder string
	}{
		{"both tracks, CR between", t1 + "\r" + t2 + "\r", 3, "RESIDENT/TEST"},
		{"both tracks back to back", t1 + t2, 3, "RESIDENT/TEST"},
		{"both tracks with LRC", t1l + t2l + "\r\n", 3, "RESIDENT/TEST"},
		{"track 2 only", t2 + "\n", 2, ""},
		{"track 2 first", t2 + "\r" + t1, 3, "RESIDENT/TEST"},
		{"track 1 only with LRC", t1l, 1, "RESIDENT/TEST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := magstripe.Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if c.Tracks != tt.tracks || c.Name != tt.holder || c.Expiry != "3012" || c.ServiceCode != "201" {
				t.Fatalf("got tracks %d name %q exp %q svc %q", c.Tracks, c.Name, c.Expiry, c.ServiceCode)
			}
			if c.Masked() != "400000******"+pan[12:] || c.Last4() != pan[12:] {
				t.Fatalf("masked %q", c.Masked())
			}
		})
	}
}

func TestBadSwipesAreRejected(t *testing.T) {
	other := "411111111111111" + string(luhn.Digit("411111111111111"))
	badLuhn := pan[:15] + string('0'+(pan[15]-'0'+1)%10)
	t2l := magstripe.Track2(pan, "3012", "201", "", true)
	tests := []struct {
		name  string
		in    string
		code  magstripe.Code
		track int
	}{
		{"Luhn failure", magstripe.Track2(badLuhn, "3012", "201", "", false), magstripe.CodeLuhn, 2},
		{"wrong LRC", t2l[:len(t2l)-1] + "9", magstripe.CodeLRC, 2},
		{"short PAN", magstripe.Track2("4000000006", "3012", "201", "", false), magstripe.CodePAN, 2},
		{"month 13", magstripe.Track2(pan, "3013", "201", "", false), magstripe.CodeExpiry, 2},
		{"no separator", ";" + pan + "3012201?", magstripe.CodeFormat, 2},
		{"no end sentinel", ";" + pan + "=3012201", magstripe.CodeFormat, 2},
		{"reader error", "%E?;E?", magstripe.CodeRead, 1},
		{"tracks disagree", magstripe.Track1(pan, "A/B", "3012", "201", "", false) + magstripe.Track2(other, "3012", "201", "", false), magstripe.CodeMismatch, 0},
		{"nothing", "\r\n", magstripe.CodeNoTrack, 0},
		{"track 1 without format code", "%" + pan + "^A/B^3012201?", magstripe.CodeFormat, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := magstripe.Parse([]byte(tt.in))
			var me *magstripe.Error
			if !errors.As(err, &me) || me.Code != tt.code || me.Track != tt.track {
				t.Fatalf("got %v, want code %v track %d", err, tt.code, tt.track)
			}
			if strings.Contains(err.Error(), pan[6:12]) {
				t.Fatal("error text carries PAN digits")
			}
		})
	}
}

func TestPANNeverFormatsInClear(t *testing.T) {
	c, err := magstripe.Parse([]byte(magstripe.Track1(pan, "RESIDENT/TEST", "3012", "201", "", false)))
	if err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	l := slog.New(slog.NewJSONHandler(&log, nil))
	l.Info("swipe", "card", c)
	outs := []string{fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, c), fmt.Sprint(*c), fmt.Sprintf("%+v", *c), log.String()}
	for _, s := range outs {
		if strings.Contains(s, pan) || strings.Contains(s, pan[6:12]) {
			t.Fatalf("PAN leaked: %s", s)
		}
	}
}

func TestTokens(t *testing.T) {
	c, _ := magstripe.Parse([]byte(magstripe.Track2(pan, "3012", "201", "", false)))
	a, b := c.Token([]byte("key-a")), c.Token([]byte("key-b"))
	if a == b || len(a) != 64 || a != c.Token([]byte("key-a")) {
		t.Fatalf("tokens %s %s", a, b)
	}
	if got := c.TokenWith(func(p string) string { return fmt.Sprint(len(p)) }); got != "16" {
		t.Fatalf("TokenWith got %s", got)
	}
	if a != bankcard.Token([]byte("key-a"), c.TokenWith(func(p string) string { return p })) {
		t.Fatal("Token is not bankcard.Token")
	}
	act := c.Activation("1000000008")
	if act.Method != wire.MethodBankCard || act.IDNumber != "1000000008" || act.CardMasked != c.Masked() ||
		bankcard.Token([]byte("key-a"), act.CardPAN) != a || strings.Contains(fmt.Sprint(act), act.CardPAN) {
		t.Fatalf("Activation = %v: want a bank-card activation carrying the PAN, printed masked", act)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(magstripe.Track1(pan, "RESIDENT/TEST", "3012", "201", "000", true) + "\r" + magstripe.Track2(pan, "3012", "201", "000", true)))
	f.Add([]byte(magstripe.Track2(pan, "3012", "201", "", false)))
	f.Add([]byte("%E?;E?\r"))
	f.Add([]byte("%B^^?;=?"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := magstripe.Parse(b)
		if err != nil {
			if _, ok := err.(*magstripe.Error); !ok {
				t.Fatalf("untyped error %T", err)
			}
			return
		}
		m := c.Masked()
		if len(m) < 12 || !luhn.Valid(c.TokenWith(func(p string) string { return p })) {
			t.Fatalf("accepted bad PAN, masked %q", m)
		}
		if strings.Contains(c.String(), c.TokenWith(func(p string) string { return p })) {
			t.Fatal("String leaks PAN")
		}
	})
}
