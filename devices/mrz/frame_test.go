package mrz_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/mrz"
)

func bcc(b []byte) byte {
	var x byte
	for _, c := range b {
		x ^= c
	}
	return x
}

func threeM(lines ...string) []byte {
	// SOH [len] "OU" STX flag CR line CR line CR ETX BCC, lines padded with '_'.
	body := []byte("\x0245OU\x02" + "0")
	for _, l := range lines {
		body = append(body, '\r')
		body = append(body, l+strings.Repeat("_", 44-len(l))...)
	}
	body = append(body, '\r', mrz.ETX)
	msg := append([]byte{mrz.SOH}, body[1:]...)
	return append(msg, bcc(msg[1:]))
}

func TestFramingVariants(t *testing.T) {
	td3 := strings.Join(td3Specimen, "\r")
	tests := []struct {
		name string
		in   string
	}{
		{"STX lines CR ETX (Desko)", "\x02" + td3 + "\r\x03"},
		{"CRLF separated, ETX end", "\x02" + strings.Join(td3Specimen, "\r\n") + "\r\n\x03"},
		{"LF only", "\x02" + strings.Join(td3Specimen, "\n") + "\x03"},
		{"3M SOH..ETX+BCC bottom-aligned", string(threeM("", td3Specimen[0], td3Specimen[1]))},
		{"OCR LINE labels", "START\nOCR LINE 1: " + td3Specimen[0] + "\nOCR LINE 2: " + td3Specimen[1] +
			"\nOCR LINE 3:\nMSR LINE 1:\nEND\x03"},
		{"underscore padded", "\x02" + td1Specimen[0] + "______________\r" + td3Specimen[1] + "\x03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f mrz.Framer
			msgs := f.Feed([]byte(tt.in), time.Unix(0, 0))
			if len(msgs) != 1 {
				t.Fatalf("got %d messages", len(msgs))
			}
			lines, err := mrz.Lines(msgs[0])
			if tt.name == "underscore padded" {
				// TD1 line 1 plus a TD3 line: the padding is gone, the mix is a layout error.
				if err != nil || len(lines) != 2 || lines[0] != td1Specimen[0] {
					t.Fatalf("lines %q err %v", lines, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(lines, "|") != strings.Join(td3Specimen, "|") {
				t.Fatalf("got %q", lines)
			}
			if _, err := mrz.Decode(msgs[0]); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestBadBCCIsRejected(t *testing.T) {
	msg := threeM("", td3Specimen[0], td3Specimen[1])
	msg[len(msg)-1] ^= 0x40
	var f mrz.Framer
	msgs := f.Feed(msg, time.Unix(0, 0))
	_, err := mrz.Decode(msgs[0])
	if me, ok := err.(*mrz.Error); !ok || me.Code != mrz.CodeFrame {
		t.Fatalf("got %v", err)
	}
}

func TestGapEndsAMessageWithoutETX(t *testing.T) {
	var f mrz.Framer
	t0 := time.Unix(100, 0)
	if m := f.Feed([]byte(td1Specimen[0]+"\r"+td1Specimen[1]), t0); m != nil {
		t.Fatalf("ended early: %q", m)
	}
	// Bytes keep coming in small pieces with short pauses: still one message.
	if m := f.Feed([]byte("\r"+td1Specimen[2]+"\r"), t0.Add(150*time.Millisecond)); m != nil {
		t.Fatalf("ended early: %q", m)
	}
	if m := f.Idle(t0.Add(300 * time.Millisecond)); m != nil {
		t.Fatal("gap measured from the first byte, not the last")
	}
	m := f.Idle(t0.Add(350 * time.Millisecond))
	if m == nil {
		t.Fatal("gap did not end the message")
	}
	d, err := mrz.Decode(m)
	if err != nil || d.Format != mrz.TD1 {
		t.Fatalf("decode: %v %v", d, err)
	}
	if f.Idle(t0.Add(time.Hour)) != nil {
		t.Fatal("message delivered twice")
	}
}

func TestGapBeforeNewBytesEndsThePreviousMessage(t *testing.T) {
	var f mrz.Framer
	t0 := time.Unix(100, 0)
	f.Feed([]byte(td1Specimen[0]), t0)
	msgs := f.Feed([]byte("\x02"+strings.Join(td3Specimen, "\r")+"\x03"), t0.Add(time.Second))
	if len(msgs) != 2 {
		t.Fatalf("got %d messages", len(msgs))
	}
}

func FuzzParse(f *testing.F) {
	f.Add(strings.Join(td3Specimen, "\n"))
	f.Add(strings.Join(td1Specimen, "\n"))
	f.Add(strings.Join(td1Swiss, "\n"))
	f.Add("I<UTOD23145890<1240<XYZ<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<8\nERIKSSON<<ANNA<MARIA<<<<<<<<<<")
	f.Add("I<UTOD23145890<<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<8\nERIKSSON<<ANNA<MARIA<<<<<<<<<<")
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		d, err := mrz.Parse(lines)
		if err == nil {
			// Whatever parses must compose back to lines that parse the same.
			lines, err := mrz.Compose(*d)
			if err != nil {
				t.Fatalf("compose: %v", err)
			}
			again, err := mrz.Parse(lines)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(fields(*again), "|") != strings.Join(fields(*d), "|") {
				t.Fatalf("round trip %q -> %q", fields(*d), fields(*again))
			}
		} else if _, ok := err.(*mrz.Error); !ok {
			t.Fatalf("untyped error %T", err)
		}
	})
}

func FuzzFraming(f *testing.F) {
	f.Add([]byte("\x02"+strings.Join(td3Specimen, "\r")+"\r\x03"), uint8(7))
	f.Add(threeM("", td3Specimen[0], td3Specimen[1]), uint8(3))
	f.Add([]byte("START\nOCR LINE 1: "+td1Specimen[0]+"\nOCR LINE 2: "+td1Specimen[1]+"\nEND"), uint8(0))
	f.Add([]byte{mrz.SOH, mrz.ETX}, uint8(1))
	f.Fuzz(func(t *testing.T, in []byte, split uint8) {
		var fr mrz.Framer
		t0 := time.Unix(0, 0)
		cut := int(split) % (len(in) + 1)
		var msgs [][]byte
		msgs = append(msgs, fr.Feed(in[:cut], t0)...)
		msgs = append(msgs, fr.Feed(in[cut:], t0.Add(time.Millisecond))...)
		if m := fr.Idle(t0.Add(time.Minute)); m != nil {
			msgs = append(msgs, m)
		}
		total := 0
		for _, m := range msgs {
			total += len(m)
			if len(m) > 4096 {
				t.Fatalf("message of %d bytes", len(m))
			}
			if _, err := mrz.Decode(m); err != nil {
				if _, ok := err.(*mrz.Error); !ok {
					t.Fatalf("untyped error %T", err)
				}
			}
		}
		if total > len(in) {
			t.Fatalf("framer produced %d bytes from %d", total, len(in))
		}
	})
}
