package i18n

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedCatalogIsComplete(t *testing.T) {
	c := Default()
	if gaps := c.Check(); len(gaps) > 0 {
		t.Fatalf("keys missing in a language: %s", strings.Join(gaps, ", "))
	}
	for _, l := range Langs {
		if !c.Has(l, "app.name") {
			t.Errorf("%s: app.name missing", l)
		}
	}
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		wantErr error
		check   func(t *testing.T, c *Catalog)
	}{
		{
			name: "when an area file adds keys, both files are merged",
			files: fstest.MapFS{
				"en.json":          {Data: []byte(`{"a":"A"}`)},
				"register.en.json": {Data: []byte(`{"b":"B %d"}`)},
				"ar.json":          {Data: []byte(`{"a":"أ","b":"ب %d"}`)},
			},
			check: func(t *testing.T, c *Catalog) {
				if got := c.Tf(EN, "b", 3); got != "B 3" {
					t.Errorf("Tf = %q", got)
				}
				if got := c.T(AR, "a"); got != "أ" {
					t.Errorf("T = %q", got)
				}
				if gaps := c.Check(); len(gaps) != 0 {
					t.Errorf("Check = %v", gaps)
				}
				if keys := c.Keys(AR); len(keys) != 2 || keys[0] != "a" || keys[1] != "b" {
					t.Errorf("Keys(AR) = %v, want [a b]", keys)
				}
			},
		},
		{
			name: "when a key is missing in one language, Check names it and T shows it",
			files: fstest.MapFS{
				"en.json": {Data: []byte(`{"a":"A","only":"x"}`)},
				"ar.json": {Data: []byte(`{"a":"أ"}`)},
			},
			check: func(t *testing.T, c *Catalog) {
				if gaps := c.Check(); len(gaps) != 1 || gaps[0] != "ar:only" {
					t.Errorf("Check = %v", gaps)
				}
				if got := c.T(AR, "only"); got != "⟦only⟧" {
					t.Errorf("T = %q", got)
				}
			},
		},
		{
			name: "when two files define one key, Load refuses",
			files: fstest.MapFS{
				"en.json":   {Data: []byte(`{"a":"A"}`)},
				"x.en.json": {Data: []byte(`{"a":"A2"}`)},
			},
			wantErr: ErrDuplicateKey,
		},
		{
			name:    "when a file names an unknown language, Load refuses",
			files:   fstest.MapFS{"fr.json": {Data: []byte(`{}`)}},
			wantErr: ErrUnknownLang,
		},
		{
			name:  "when a file is not a JSON object of strings, Load refuses",
			files: fstest.MapFS{"en.json": {Data: []byte(`{"a":1}`)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.files)
			if tt.check == nil {
				if err == nil {
					t.Fatal("Load succeeded")
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Lang
		ok   bool
	}{{"ar", AR, true}, {" EN ", EN, true}, {"fr", "", false}, {"", "", false}} {
		got, err := Parse(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Parse(%q) = %q, %v", tt.in, got, err)
		}
	}
	if !AR.RTL() || EN.RTL() {
		t.Error("RTL is wrong")
	}
}
