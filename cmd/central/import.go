package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/transfer"
)

// importBundle is `central import BUNDLE`: apply a bundle a kiosk wrote to a USB
// stick and write central's signed receipt next to it, for the kiosk to import.
// Through the admin socket when a server holds the data directory, otherwise on the
// store directly.
func importBundle(args []string) error {
	fs := flag.NewFlagSet("import", flag.ExitOnError)
	var sf storeFlags
	sf.register(fs)
	out := fs.String("o", "", "receipt file to write (default: the bundle's name with .receipt, beside it)")
	smsFile := fs.String("sms-file", "", "without a running server: development SMS sender file for the outcome messages (default DATA/sms.log)")
	iter := fs.Int("password-iterations", 0, "without a running server: PBKDF2 iterations for new passwords (0: the default); use the server's setting")
	fs.Parse(args)
	if fs.NArg() != 1 {
		return errors.New("usage: central import [-o RECEIPT] BUNDLE")
	}
	path := fs.Arg(0)
	bundle, err := transfer.ReadFile(path)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	progress := func(done, total int) {
		fmt.Fprintf(os.Stderr, "import: %d/%d records\n", done, total)
	}

	var receipt []byte
	var sum central.ImportSummary
	if c := socketClient(sf); c != nil && sf.postgres == "" {
		receipt, sum, err = c.importBundle(ctx, bundle, progress)
	} else {
		st, oerr := sf.open(ctx)
		if oerr != nil {
			return oerr
		}
		defer st.Close()
		// A data directory with no central in it must not become a new central
		// (New would create a CA): every bundle would be refused there anyway.
		if _, err := (&central.Admin{Store: st}).CAPEM(ctx); err != nil {
			return fmt.Errorf("no central service in this store (wrong -data or -postgres?): %w", err)
		}
		if *smsFile == "" {
			*smsFile = filepath.Join(sf.data, "sms.log")
		}
		srv, nerr := central.New(ctx, central.Options{Store: st, SMS: sms.NewFile(*smsFile, nil), PasswordIterations: *iter})
		if nerr != nil {
			return nerr
		}
		receipt, sum, err = srv.Import(ctx, bundle, progress)
	}
	if err != nil {
		return err
	}
	dst := *out
	if dst == "" {
		dst = strings.TrimSuffix(path, transfer.BundleExt) + transfer.ReceiptExt
		if _, serr := os.Stat(dst); serr == nil {
			// Imported before: keep the first receipt, write this one beside it.
			dst = strings.TrimSuffix(dst, transfer.ReceiptExt) + "-" + time.Now().UTC().Format("20060102T150405Z") + transfer.ReceiptExt
		}
	}
	if err := transfer.WriteFile(filepath.Dir(dst), filepath.Base(dst), func(w io.Writer) error {
		_, err := w.Write(receipt)
		return err
	}); err != nil {
		return fmt.Errorf("records applied, but the receipt was not written (import the bundle again for a new one): %w", err)
	}
	fmt.Printf("kiosk %s bundle %s: %d records: %d accepted, %d already here, %d refused (%.1fs, %.0f records/s)\nreceipt %s\n",
		sum.KioskID, sum.BundleID, sum.Records, sum.Accepted, sum.Duplicate, sum.Rejected,
		sum.Elapsed.Seconds(), float64(sum.Records)/max(sum.Elapsed.Seconds(), 1e-9), dst)
	return nil
}

// importBundle sends a bundle to the running server and follows its progress.
func (s *socket) importBundle(ctx context.Context, bundle []byte, progress func(done, total int)) ([]byte, central.ImportSummary, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", "http://admin/import", bytes.NewReader(bundle))
	if err != nil {
		return nil, central.ImportSummary{}, err
	}
	resp, err := s.c.Do(req)
	if err != nil {
		return nil, central.ImportSummary{}, fmt.Errorf("admin socket: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return nil, central.ImportSummary{}, fmt.Errorf("%s", bytes.TrimSpace(msg))
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 1<<16), 2*transfer.MaxFileBytes)
	for sc.Scan() {
		var l central.ImportLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, central.ImportSummary{}, fmt.Errorf("admin socket: %w", err)
		}
		switch {
		case l.Error != "":
			if l.Refused {
				return nil, central.ImportSummary{}, fmt.Errorf("%w: %s", central.ErrBundleRefused, l.Error)
			}
			return nil, central.ImportSummary{}, errors.New(l.Error)
		case l.Summary != nil:
			return l.Receipt, *l.Summary, nil
		default:
			progress(l.Done, l.Total)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, central.ImportSummary{}, fmt.Errorf("admin socket: %w", err)
	}
	return nil, central.ImportSummary{}, errors.New("admin socket: the server ended the import without a receipt")
}
