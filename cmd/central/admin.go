package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/wire"
)

// admin runs an administrator command through a running server's admin socket when
// there is one (it holds the bbolt file), otherwise on the store directly.
func admin(cmd string, args []string) error {
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	var sf storeFlags
	sf.register(fs)
	ttl := fs.Duration("ttl", 0, "enroll-code: how long the code stays valid (default 72h); issue-id: the credential's lifetime (default: the copy lifetime setting, 30 days)")
	idNumber := fs.String("id", "", "issue-id: the ID number of a person in the registry")
	out := fs.String("o", "-", "issue-id: write the QR text to this file (- for standard output)")
	limit := fs.Int("limit", 100, "records: how many to list")
	after := fs.String("after", "", "records: list records with IDs after this one")
	service := fs.String("name", "", "service: the service to turn on or off (e.g. verify_id)")
	on := fs.Bool("on", false, "service: turn the service on (-on) or off (-on=false)")
	kiosk := fs.String("kiosk", "", "audit: only this kiosk's staff actions")
	fs.Parse(args)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	var ops adminOps
	if c := socketClient(sf); c != nil && sf.postgres == "" {
		ops = c
	} else {
		st, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		ops = direct{&central.Admin{Store: st}}
	}
	switch cmd {
	case "enroll-code":
		code, err := ops.enrollCode(ctx, *ttl)
		if err != nil {
			return err
		}
		fmt.Println(code)
		// The technician enrolling on the kiosk's screen compares this with the
		// fingerprint shown there. Standard output stays the code alone, for
		// scripts (CODE=$(central enroll-code)); the fingerprint goes to a
		// terminal only.
		if isTerminal(os.Stderr) {
			if fp, err := caFingerprint(ctx, ops); err == nil {
				fmt.Fprintln(os.Stderr, "CA fingerprint (SHA-256):", fp)
			}
		}
	case "kiosks":
		ks, err := ops.kiosks(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tENROLLED\tSTATE")
		for _, k := range ks {
			state := "active"
			if k.Revoked {
				state = "revoked " + k.RevokedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.ID, k.Name, k.Enrolled.UTC().Format(time.RFC3339), state)
		}
		return tw.Flush()
	case "revoke":
		if fs.NArg() != 1 {
			return fmt.Errorf("usage: central revoke KIOSK-ID")
		}
		if err := ops.revoke(ctx, fs.Arg(0)); err != nil {
			return err
		}
		fmt.Println("revoked", fs.Arg(0))
	case "rotate-key":
		id, err := ops.rotateKey(ctx)
		if err != nil {
			return err
		}
		fmt.Println("new sealing key", id)
	case "records":
		recs, err := ops.records(ctx, *after, *limit)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIOSK\tKIND\tREF\tCREATED\tRECEIVED\tSTATE\tCODE")
		for _, r := range recs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.KioskID, r.Kind, r.Ref,
				r.Created.UTC().Format(time.RFC3339), r.Received.UTC().Format(time.RFC3339), r.State, r.Code)
		}
		return tw.Flush()
	case "audit":
		entries, err := ops.staffAudit(ctx, *kiosk, *limit)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "AT\tKIOSK\tSTAFF\tACTION\tRESULT\tDETAIL")
		for _, e := range entries {
			staff := e.Entry.Staff
			if staff == "" {
				staff = "-" // an ID that is no staff member's
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Entry.At.UTC().Format(time.RFC3339), e.KioskID, staff,
				e.Entry.Action, e.Entry.Result, e.Entry.Detail)
		}
		return tw.Flush()
	case "load-registry":
		if fs.NArg() != 1 {
			return fmt.Errorf("usage: central load-registry FILE")
		}
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		n, err := ops.loadRegistry(ctx, f)
		if err != nil {
			return err
		}
		fmt.Println("loaded", n, "people")
	case "rotate-id-key":
		id, err := ops.rotateIDKey(ctx)
		if err != nil {
			return err
		}
		fmt.Println("new digital-ID issuer key", id)
	case "issue-id":
		if *idNumber == "" {
			return fmt.Errorf("usage: central issue-id -id NUMBER [-ttl D] [-o FILE]")
		}
		qr, err := ops.issueID(ctx, *idNumber, *ttl)
		if err != nil {
			return err
		}
		if *out == "-" {
			fmt.Println(qr)
			return nil
		}
		return os.WriteFile(*out, []byte(qr+"\n"), 0o600)
	case "service":
		if *service == "" {
			return fmt.Errorf("usage: central service -name NAME -on[=false]")
		}
		list, err := ops.setService(ctx, *service, *on)
		if err != nil {
			return err
		}
		fmt.Println("enabled services:", strings.Join(list, " "))
	case "issuer-keys":
		keys, err := ops.issuerKeys(ctx)
		if err != nil {
			return err
		}
		return printIssuerKeys(os.Stdout, keys)
	case "ca":
		pem, err := ops.ca(ctx)
		if err != nil {
			return err
		}
		os.Stdout.Write(pem)
	case "ca-fingerprint":
		fp, err := caFingerprint(ctx, ops)
		if err != nil {
			return err
		}
		fmt.Println(fp)
	}
	return nil
}

// caFingerprint is the CA's fingerprint as a kiosk's enrolment screen shows it.
func caFingerprint(ctx context.Context, ops adminOps) (string, error) {
	pem, err := ops.ca(ctx)
	if err != nil {
		return "", err
	}
	return wire.CAFingerprint(pem)
}

// isTerminal reports whether f is a character device (a terminal), not a pipe
// or a file.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

type adminOps interface {
	enrollCode(ctx context.Context, ttl time.Duration) (string, error)
	kiosks(ctx context.Context) ([]central.Kiosk, error)
	revoke(ctx context.Context, id string) error
	rotateKey(ctx context.Context) (string, error)
	records(ctx context.Context, after string, limit int) ([]central.StoredRecord, error)
	staffAudit(ctx context.Context, kiosk string, limit int) ([]backoffice.StaffAuditEntry, error)
	loadRegistry(ctx context.Context, r io.Reader) (int, error)
	ca(ctx context.Context) ([]byte, error)
	rotateIDKey(ctx context.Context) (string, error)
	issueID(ctx context.Context, id string, ttl time.Duration) (string, error)
	issuerKeys(ctx context.Context) ([]central.IssuerKey, error)
	setService(ctx context.Context, name string, on bool) ([]string, error)
}

type direct struct{ a *central.Admin }

func (d direct) enrollCode(ctx context.Context, ttl time.Duration) (string, error) {
	return d.a.EnrollCode(ctx, ttl)
}
func (d direct) kiosks(ctx context.Context) ([]central.Kiosk, error) { return d.a.Kiosks(ctx) }
func (d direct) revoke(ctx context.Context, id string) error         { return d.a.Revoke(ctx, id) }
func (d direct) rotateKey(ctx context.Context) (string, error)       { return d.a.RotateKey(ctx) }
func (d direct) records(ctx context.Context, after string, limit int) ([]central.StoredRecord, error) {
	return d.a.Records(ctx, after, limit)
}
func (d direct) staffAudit(ctx context.Context, kiosk string, limit int) ([]backoffice.StaffAuditEntry, error) {
	return d.a.StaffAudit(ctx, kiosk, limit)
}
func (d direct) loadRegistry(ctx context.Context, r io.Reader) (int, error) {
	return d.a.LoadRegistry(ctx, r)
}
func (d direct) ca(ctx context.Context) ([]byte, error)          { return d.a.CAPEM(ctx) }
func (d direct) rotateIDKey(ctx context.Context) (string, error) { return d.a.RotateIDKey(ctx) }
func (d direct) issueID(ctx context.Context, id string, ttl time.Duration) (string, error) {
	return d.a.IssueID(ctx, id, ttl)
}
func (d direct) issuerKeys(ctx context.Context) ([]central.IssuerKey, error) {
	return d.a.IssuerKeys(ctx)
}

// socket talks to a running server's admin socket.
type socket struct{ c *http.Client }

func socketClient(sf storeFlags) *socket {
	path := sf.socket()
	conn, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return nil
	}
	conn.Close()
	return &socket{c: &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}}}
}

func (s *socket) call(ctx context.Context, method, path string, body io.Reader, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, "http://admin"+path, body)
	if err != nil {
		return err
	}
	resp, err := s.c.Do(req)
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s", bytes.TrimSpace(msg))
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func (s *socket) enrollCode(ctx context.Context, ttl time.Duration) (code string, err error) {
	return code, s.call(ctx, "POST", "/enroll-code?ttl="+ttl.String(), nil, &code)
}
func (s *socket) kiosks(ctx context.Context) (ks []central.Kiosk, err error) {
	return ks, s.call(ctx, "GET", "/kiosks", nil, &ks)
}
func (s *socket) revoke(ctx context.Context, id string) error {
	var out string
	return s.call(ctx, "POST", "/revoke?id="+url.QueryEscape(id), nil, &out)
}
func (s *socket) rotateKey(ctx context.Context) (id string, err error) {
	return id, s.call(ctx, "POST", "/rotate-key", nil, &id)
}
func (s *socket) records(ctx context.Context, after string, limit int) (rs []central.StoredRecord, err error) {
	q := url.Values{"after": {after}, "limit": {fmt.Sprint(limit)}}
	return rs, s.call(ctx, "GET", "/records?"+q.Encode(), nil, &rs)
}
func (s *socket) staffAudit(ctx context.Context, kiosk string, limit int) (es []backoffice.StaffAuditEntry, err error) {
	q := url.Values{"kiosk": {kiosk}, "limit": {fmt.Sprint(limit)}}
	return es, s.call(ctx, "GET", "/staff-audit?"+q.Encode(), nil, &es)
}
func (s *socket) loadRegistry(ctx context.Context, r io.Reader) (n int, err error) {
	return n, s.call(ctx, "POST", "/load-registry", r, &n)
}
func (s *socket) ca(ctx context.Context) ([]byte, error) {
	var pem string
	err := s.call(ctx, "GET", "/ca", nil, &pem)
	return []byte(pem), err
}

func (s *socket) rotateIDKey(ctx context.Context) (id string, err error) {
	return id, s.call(ctx, "POST", "/rotate-id-key", nil, &id)
}
func (s *socket) issueID(ctx context.Context, id string, ttl time.Duration) (qr string, err error) {
	q := url.Values{"id": {id}, "ttl": {ttl.String()}}
	return qr, s.call(ctx, "POST", "/issue-id?"+q.Encode(), nil, &qr)
}
func (d direct) setService(ctx context.Context, name string, on bool) ([]string, error) {
	return d.a.SetService(ctx, name, on)
}
func (s *socket) setService(ctx context.Context, name string, on bool) (list []string, err error) {
	q := url.Values{"name": {name}, "on": {strconv.FormatBool(on)}}
	return list, s.call(ctx, "POST", "/service?"+q.Encode(), nil, &list)
}
func (s *socket) issuerKeys(ctx context.Context) (keys []central.IssuerKey, err error) {
	return keys, s.call(ctx, "GET", "/issuer-keys", nil, &keys)
}

// printIssuerKeys writes each trusted issuer key as a COSE_Key (CBOR in hex) and a
// PEM public key, current key first, for verifiers outside the kiosk.
func printIssuerKeys(w io.Writer, keys []central.IssuerKey) error {
	for _, k := range keys {
		ck, err := digitalid.Key{ID: k.KID, Public: k.Public}.COSEKey()
		if err != nil {
			return err
		}
		der, err := x509.MarshalPKIXPublicKey(k.Public)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "# %s kid %x trusted %s to %s\nCOSE_Key %x\n", k.ID, k.KID,
			k.NotBefore.UTC().Format(time.RFC3339), k.NotAfter.UTC().Format(time.RFC3339), ck)
		if err := pem.Encode(w, &pem.Block{Type: "PUBLIC KEY", Bytes: der}); err != nil {
			return err
		}
	}
	return nil
}

func genRegistry(args []string) error {
	fs := flag.NewFlagSet("gen-registry", flag.ExitOnError)
	n := fs.Int("n", 1000, "how many synthetic people")
	out := fs.String("o", "-", "output file (- for standard output)")
	fs.Parse(args)
	w := io.Writer(os.Stdout)
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return backoffice.Generate(w, *n)
}
