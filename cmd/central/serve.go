package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/bawaba/bawaba/cmd/internal/logfile"
	"github.com/bawaba/bawaba/cmd/internal/sdnotify"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/boltstore"
	"github.com/bawaba/bawaba/sync/central/store/pgstore"
	"github.com/bawaba/bawaba/sync/central/store/vault"
)

type storeFlags struct {
	data     string
	postgres string
	schema   string
	kekFile  string
	devClear bool
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.data, "data", "central-data", "data directory: bbolt file, admin socket, CA copy, dev SMS file")
	fs.StringVar(&f.postgres, "postgres", os.Getenv("BAWABA_CENTRAL_POSTGRES"), "PostgreSQL URL; when set, state lives there instead of bbolt")
	fs.StringVar(&f.schema, "pg-schema", "public", "PostgreSQL schema holding the tables")
	fs.StringVar(&f.kekFile, "kek-file", "", "key-encryption key file (mode 0600; 64 hex digits); without it, the systemd credential "+
		vault.CredentialName+" or "+vault.EnvKEK+" (docs/keys.md)")
	fs.BoolVar(&f.devClear, "dev-clear-keys", false, "development only: run without a key-encryption key, keys and data in clear in the database")
}

// open opens the store behind the vault, under the KEK the flags or the
// environment give. Without one it refuses, unless -dev-clear-keys says to run
// in clear — and even then not on a database a vault has encrypted.
func (f *storeFlags) open(ctx context.Context) (store.Store, error) {
	kek, _, kerr := vault.FromEnvironment(f.kekFile)
	if kerr != nil && !(errors.Is(kerr, vault.ErrNoKEK) && f.devClear) {
		if errors.Is(kerr, vault.ErrNoKEK) {
			return nil, fmt.Errorf("%w; for development only, -dev-clear-keys runs without one", kerr)
		}
		return nil, kerr
	}
	raw, err := f.openRaw(ctx)
	if err != nil {
		return nil, err
	}
	if kek == nil {
		if err := vault.CheckClear(ctx, raw); err != nil {
			raw.Close()
			return nil, err
		}
		return raw, nil
	}
	v, err := vault.Open(ctx, raw, kek)
	if err != nil {
		raw.Close()
		return nil, err
	}
	if v.Migrated() == 0 {
		return v, nil
	}
	// The values were in clear before: their old bytes survive in free pages or
	// dead rows until those are rewritten.
	if pg, ok := raw.(*pgstore.Store); ok {
		if err := pg.VacuumFull(ctx); err != nil {
			v.Close()
			return nil, fmt.Errorf("encrypted the database but could not vacuum it (clear copies may remain in dead rows): %w", err)
		}
		return v, nil
	}
	v.Close()
	if err := boltstore.Compact(filepath.Join(f.data, "central.db")); err != nil {
		return nil, fmt.Errorf("encrypted the database but could not compact it (clear copies may remain in free pages): %w", err)
	}
	if raw, err = f.openRaw(ctx); err != nil {
		return nil, err
	}
	if v, err = vault.Open(ctx, raw, kek); err != nil {
		raw.Close()
		return nil, err
	}
	return v, nil
}

func (f *storeFlags) openRaw(ctx context.Context) (store.Store, error) {
	if f.postgres != "" {
		return pgstore.Open(ctx, f.postgres, pgstore.Options{Schema: f.schema, MaxConns: 32})
	}
	if err := os.MkdirAll(f.data, 0o700); err != nil {
		return nil, err
	}
	s, err := boltstore.Open(filepath.Join(f.data, "central.db"), 2*time.Second)
	if err != nil {
		return nil, fmt.Errorf("%w (is a server running on this data directory without its admin socket?)", err)
	}
	return s, nil
}

// smsFlags choose the SMS sender: a gateway, or the development file. There is no
// default, so a deployment cannot end up writing codes to a file by omission.
type smsFlags struct {
	url, authHeader, tokenFile, from, file string
	dev                                    bool
}

func (f *smsFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "sms-url", os.Getenv("BAWABA_SMS_URL"), "SMS gateway endpoint (HTTPS POST of JSON; sync/central/sms.Gateway)")
	fs.StringVar(&f.authHeader, "sms-auth-header", "Authorization", "header carrying the gateway credential")
	fs.StringVar(&f.tokenFile, "sms-token-file", "", "file (mode 0600) holding the gateway credential, e.g. \"Bearer …\"; or BAWABA_SMS_TOKEN")
	fs.StringVar(&f.from, "sms-from", "", "sender name shown on phones (empty: the gateway's)")
	fs.StringVar(&f.file, "sms-file", "", "development SMS sender: write messages to this file instead of sending them")
	fs.BoolVar(&f.dev, "dev-sms", os.Getenv("BAWABA_DEV_SMS") == "1", "development SMS sender writing to DATA/sms.log (as -sms-file DATA/sms.log)")
}

func (f *smsFlags) sender(data string, log *slog.Logger) (sms.Sender, error) {
	if f.url != "" && (f.file != "" || f.dev) {
		return nil, errors.New("give either -sms-url or the development sender (-sms-file, -dev-sms), not both")
	}
	if f.url != "" {
		auth := os.Getenv("BAWABA_SMS_TOKEN")
		if f.tokenFile != "" {
			fi, err := os.Stat(f.tokenFile)
			if err != nil {
				return nil, err
			}
			if fi.Mode().Perm()&0o077 != 0 {
				return nil, fmt.Errorf("SMS token file %s has mode %04o: chmod 600 it", f.tokenFile, fi.Mode().Perm())
			}
			b, err := os.ReadFile(f.tokenFile)
			if err != nil {
				return nil, err
			}
			auth = strings.TrimSpace(string(b))
		}
		return sms.NewGateway(sms.GatewayOptions{URL: f.url, AuthHeader: f.authHeader, AuthValue: auth, From: f.from})
	}
	path := f.file
	if path == "" && f.dev {
		path = filepath.Join(data, "sms.log")
	}
	if path == "" {
		return nil, errors.New("no SMS sender: give -sms-url (a gateway) or, for development, -sms-file FILE or -dev-sms")
	}
	log.Warn("development SMS sender: messages are written to a file, not sent", "file", path)
	return sms.NewFile(path, nil), nil
}

func (f *storeFlags) socket() string { return filepath.Join(f.data, "admin.sock") }

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	var sf storeFlags
	sf.register(fs)
	listen := fs.String("listen", ":8443", "HTTPS listen address")
	hosts := fs.String("hosts", "localhost,127.0.0.1", "comma-separated DNS names and IPs for the server certificate")
	var sf2 smsFlags
	sf2.register(fs)
	retention := fs.Duration("sealed-retention", central.DefaultSealedRetention, "how long a stored record keeps its sealed payload before it is purged")
	iter := fs.Int("password-iterations", 0, "PBKDF2 iterations for new passwords (0: the default, 600000)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	logFile := fs.String("log-file", "", "write the JSON logs to this file, rotated by size (default: standard error)")
	fs.Parse(args)

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return err
	}
	var logOut io.Writer = os.Stderr
	if *logFile != "" {
		lf, err := logfile.Open(*logFile, logfile.Options{})
		if err != nil {
			return err
		}
		defer lf.Close()
		logOut = lf
	}
	log := logfile.Logger(logOut, level)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *retention <= 0 {
		return fmt.Errorf("-sealed-retention must be positive, not %v", *retention)
	}
	sender, err := sf2.sender(sf.data, log)
	if err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, sealed := st.(*vault.Store); !sealed {
		log.Warn("running without a key-encryption key (-dev-clear-keys): keys and personal data are in clear in the database; development only")
	}
	if err := os.MkdirAll(sf.data, 0o700); err != nil {
		return err
	}
	srv, err := central.New(ctx, central.Options{Store: st, SMS: sender, Logger: log,
		Hosts: strings.Split(*hosts, ","), PasswordIterations: *iter, SealedRetention: *retention})
	if err != nil {
		return err
	}
	// The SMS outbox and the purge of sealed payloads run until shutdown; the
	// store is closed only after they have stopped.
	bgCtx, stopBg := context.WithCancel(context.Background())
	bgDone := make(chan struct{})
	go func() { defer close(bgDone); srv.Run(bgCtx) }()
	defer func() { stopBg(); <-bgDone }()
	if err := os.WriteFile(filepath.Join(sf.data, "ca.pem"), srv.CA().CertPEM(), 0o644); err != nil {
		return err
	}
	tlsCfg, err := srv.TLSConfig()
	if err != nil {
		return err
	}

	// The admin socket lets `central enroll-code` etc. reach this process while it
	// holds the bbolt file.
	sock := sf.socket()
	os.Remove(sock)
	al, err := net.Listen("unix", sock)
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	os.Chmod(sock, 0o600)
	adminSrv := &http.Server{Handler: central.AdminHandler(srv.Admin()), ReadHeaderTimeout: 10 * time.Second}
	go adminSrv.Serve(al)
	defer adminSrv.Close()

	// The digital-ID issuer key renews itself before the kiosks' trust list ages out.
	go func() {
		for {
			if id, err := srv.Admin().RotateIDKeyIfDue(ctx); err != nil {
				log.Error("issuer key rotation", "err", err)
			} else if id != "" {
				log.Info("issuer key rotated", "key", id)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(24 * time.Hour):
			}
		}
	}()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	// Every request's context derives from work: cancelling it at shutdown makes
	// the pushes still running stop, commit what they have prepared and return.
	work, stopWork := context.WithCancel(context.Background())
	defer stopWork()
	hs := &http.Server{
		Handler:           srv.Handler(),
		TLSConfig:         tlsCfg,
		ReadHeaderTimeout: 10 * time.Second,
		// The whole body within 60 s; the answer may take up to 120 s, more than
		// the kiosk's recommended 60 s push timeout (docs/protocol.md, Timeouts),
		// so central never cuts an answer a kiosk still waits for.
		ReadTimeout:  60 * time.Second,
		WriteTimeout: 120 * time.Second,
		IdleTimeout:  120 * time.Second,
		ErrorLog:     slog.NewLogLogger(log.Handler(), slog.LevelDebug),
		BaseContext:  func(net.Listener) context.Context { return work },
	}
	log.Info("listening", "addr", ln.Addr().String(), "backend", backendName(sf), "ca_sha256", srv.CA().Fingerprint())
	// Under systemd (deploy/systemd/bawaba-central.service): ready now, and alive
	// while the store answers.
	sdnotify.Ready()
	go sdnotify.Watchdog(ctx, func(ctx context.Context) bool {
		return st.View(ctx, func(store.Tx) error { return nil }) == nil
	})
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(tls.NewListener(ln, tlsCfg)) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sdnotify.Stopping()
	return drain(hs, stopWork, log)
}

// Shutdown bounds: requests get drainGrace to finish on their own, then their
// work is cancelled (pushes commit what they have prepared) and they get
// drainCancelled more. A SIGTERM thus ends the process within their sum.
const (
	drainGrace     = 5 * time.Second
	drainCancelled = 10 * time.Second
)

// drain stops accepting connections and waits for the requests in flight,
// cancelling their work after drainGrace. It fails only if some are still running
// after both bounds, which cancelled work does not do.
func drain(hs *http.Server, stopWork context.CancelFunc, log *slog.Logger) error {
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), drainGrace+drainCancelled)
		defer cancel()
		done <- hs.Shutdown(ctx)
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(drainGrace):
		log.Info("cancelling the requests still running")
		stopWork()
		err = <-done
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		hs.Close()
		return fmt.Errorf("shutdown: requests still running after %v: %w", time.Since(start).Round(time.Millisecond), err)
	}
	log.Info("stopped", "drain_ms", time.Since(start).Milliseconds())
	return nil
}

func backendName(sf storeFlags) string {
	if sf.postgres != "" {
		return "postgres"
	}
	return "bbolt"
}
