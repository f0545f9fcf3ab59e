// Package sms sends text messages for the central service. Sender is the seam a
// deployment fills: Gateway posts each message to an SMS gateway over HTTPS (JSON,
// an auth header, an idempotency key, retries with backoff); File is the
// development sender, which appends each message as one line to a file so tests
// and demos can read the codes, and says in its first line that it is for
// development. Neither is a default: `central serve` is told which one to use.
//
// The texts are not written here: callers take them from the translation
// catalogues (assets/translations/sms.*.json).
package sms

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	gosync "sync"
	"time"
)

// Sender sends one text message to an E.164 mobile number.
type Sender interface {
	Send(ctx context.Context, mobile, text string) error
}

// KeyedSender is a Sender whose gateway takes an idempotency key: messages sent
// with the same key reach the phone once, however often they are sent. A queue
// that retries after a crash (central's SMS outbox) sends through it when it can,
// so a message sent just before the crash is not sent twice.
type KeyedSender interface {
	Sender
	SendKeyed(ctx context.Context, key, mobile, text string) error
}

// DevHeader is the first line of a File: it says what the file is.
const DevHeader = "# bawaba development SMS sender: NOT FOR PRODUCTION. Messages are written here, not sent; this file holds mobile numbers and one-time codes in clear."

// File appends "RFC3339-time<TAB>mobile<TAB>text" lines to a file, after DevHeader
// when it starts the file. It is for development and tests only: the file holds
// mobile numbers and one-time codes.
type File struct {
	mu   gosync.Mutex
	path string
	now  func() time.Time
}

// NewFile returns a sender appending to path; now may be nil for time.Now.
func NewFile(path string, now func() time.Time) *File {
	if now == nil {
		now = time.Now
	}
	return &File{path: path, now: now}
}

// Send appends one line; tabs and newlines in text become spaces.
func (f *File) Send(ctx context.Context, mobile, text string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	line := fmt.Sprintf("%s\t%s\t%s\n", f.now().UTC().Format(time.RFC3339), clean.Replace(mobile), clean.Replace(text))
	f.mu.Lock()
	defer f.mu.Unlock()
	fh, err := os.OpenFile(f.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("sms: open %s: %w", f.path, err)
	}
	if fi, err := fh.Stat(); err == nil && fi.Size() == 0 {
		line = DevHeader + "\n" + line
	}
	if _, err := fh.WriteString(line); err != nil {
		fh.Close()
		return fmt.Errorf("sms: append: %w", err)
	}
	return fh.Close()
}

// Message is one line of a File.
type Message struct {
	Time   time.Time
	Mobile string
	Text   string
}

// ErrNoMessage is returned by Last when no message to the number is in the file.
var ErrNoMessage = errors.New("sms: no message for that number")

// Read parses every line of a File; the header and malformed lines are skipped.
func Read(path string) ([]Message, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sms: read %s: %w", path, err)
	}
	defer fh.Close()
	var out []Message
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if m, ok := parseLine(sc.Text()); ok {
			out = append(out, m)
		}
	}
	return out, sc.Err()
}

// Last returns the newest message sent to mobile.
func Last(path, mobile string) (Message, error) {
	msgs, err := Read(path)
	if err != nil {
		return Message{}, err
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Mobile == mobile {
			return msgs[i], nil
		}
	}
	return Message{}, ErrNoMessage
}

func parseLine(s string) (Message, bool) {
	parts := strings.SplitN(s, "\t", 3)
	if len(parts) != 3 {
		return Message{}, false
	}
	t, err := time.Parse(time.RFC3339, parts[0])
	if err != nil {
		return Message{}, false
	}
	return Message{Time: t, Mobile: parts[1], Text: parts[2]}, true
}

// Code extracts the first run of exactly n digits from a message text, e.g. the
// one-time code in "رمز التحقق: 123456".
func Code(text string, n int) (string, bool) {
	run := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] >= '0' && text[i] <= '9' {
			run++
			continue
		}
		if run == n {
			return text[i-n : i], true
		}
		run = 0
	}
	return "", false
}
