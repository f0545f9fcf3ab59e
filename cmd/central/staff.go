package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bawaba/bawaba/identity/staffpin"
	"github.com/bawaba/bawaba/sync/central"
)

// staffCmd runs `central staff add|list|remove`. add reads the PIN from standard
// input (asked twice, without echo, on a terminal) and hashes it here: the
// service, even through its admin socket, only ever sees the argon2id hash.
func staffCmd(ctx context.Context, ops adminOps, sub, id, name string, in io.Reader, out io.Writer) error {
	switch sub {
	case "add":
		if id == "" || name == "" {
			return errors.New("usage: central staff add -id STAFF-ID -name NAME < PIN")
		}
		if !staffpin.ValidID(id) || !staffpin.ValidName(name) {
			return fmt.Errorf("%w: the ID is 1 to 12 digits, the name 1 to 64 characters", central.ErrBadStaff)
		}
		pin, err := readPIN(in)
		if err != nil {
			return err
		}
		h, err := staffpin.HashPIN(pin)
		if err != nil {
			return fmt.Errorf("central: staff add: %w", err)
		}
		if err := ops.addStaff(ctx, id, name, h.String()); err != nil {
			return err
		}
		fmt.Fprintln(out, "staff", id, "added; kiosks have it at their next configuration pull")
	case "list":
		list, err := ops.staff(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tADDED")
		for _, s := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", s.ID, s.Name, s.Added.UTC().Format(time.RFC3339))
		}
		return tw.Flush()
	case "remove":
		if id == "" {
			return errors.New("usage: central staff remove -id STAFF-ID")
		}
		if err := ops.removeStaff(ctx, id); err != nil {
			return err
		}
		fmt.Fprintln(out, "staff", id, "removed; kiosks refuse it from their next configuration pull")
	default:
		return errors.New("usage: central staff add -id STAFF-ID -name NAME < PIN | list | remove -id STAFF-ID")
	}
	return nil
}

// readPIN reads the PIN: one line from a pipe or file; on a terminal, typed
// twice without echo.
func readPIN(in io.Reader) (string, error) {
	f, isFile := in.(*os.File)
	if !isFile || !isTerminal(f) {
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", fmt.Errorf("central: staff add: read the PIN from standard input: %w", err)
		}
		return strings.TrimSpace(line), nil
	}
	r := bufio.NewReader(f)
	ask := func(prompt string) (string, error) {
		fmt.Fprint(os.Stderr, prompt)
		restore := noEcho(f)
		line, err := r.ReadString('\n')
		restore()
		fmt.Fprintln(os.Stderr)
		return strings.TrimSpace(line), err
	}
	pin, err := ask("PIN (6 or more digits): ")
	if err != nil {
		return "", fmt.Errorf("central: staff add: read the PIN: %w", err)
	}
	again, err := ask("The PIN again: ")
	if err != nil {
		return "", fmt.Errorf("central: staff add: read the PIN: %w", err)
	}
	if pin != again {
		return "", errors.New("central: staff add: the two PINs differ")
	}
	return pin, nil
}

func (d direct) addStaff(ctx context.Context, id, name, pinHash string) error {
	return d.a.AddStaff(ctx, id, name, pinHash)
}
func (d direct) staff(ctx context.Context) ([]central.StaffAccount, error) { return d.a.Staff(ctx) }
func (d direct) removeStaff(ctx context.Context, id string) error          { return d.a.RemoveStaff(ctx, id) }

func (s *socket) addStaff(ctx context.Context, id, name, pinHash string) error {
	b, _ := json.Marshal(central.StaffAccount{ID: id, Name: name, PINHash: pinHash})
	var out string
	return s.call(ctx, "POST", "/staff", strings.NewReader(string(b)), &out)
}
func (s *socket) staff(ctx context.Context) (list []central.StaffAccount, err error) {
	return list, s.call(ctx, "GET", "/staff", nil, &list)
}
func (s *socket) removeStaff(ctx context.Context, id string) error {
	var out string
	return s.call(ctx, "POST", "/staff-remove?id="+url.QueryEscape(id), nil, &out)
}
