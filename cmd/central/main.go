// Command central is the reference central service the Bawaba kiosks sync with, and
// its administration tool. Run `central help` for the subcommands.
package main

import (
	"fmt"
	"os"

	"github.com/bawaba/bawaba/sync/central/store/vault"
)

const usage = `usage: central <command> [flags]

commands:
  serve          run the service (-data DIR for bbolt, or -postgres URL);
                 "central -data DIR" alone means "central serve -data DIR"
  enroll-code    print a one-time kiosk enrolment code (and, on a terminal, the
                 CA fingerprint on standard error)
  kiosks         list enrolled kiosks
  revoke ID      refuse a kiosk from its next request on
  rotate-key     make a new sealing key current (old keys still open records)
  rotate-id-key  make a new digital-ID issuer key current (the previous one stays
                 trusted until the last copy it signed expires)
  issue-id -id NUMBER [-ttl D] [-o FILE]
                 print the QR text of a digital ID (a copy) for a registry person
  issuer-keys    print the trusted digital-ID issuer keys as COSE_Key and PEM
  service -name NAME -on[=false]
                 turn a service on or off on every kiosk (e.g. verify_id: digital-ID
                 verify mode on the home screen)
  records        list stored records and their outcomes
  audit          list the staff actions kiosks have sent (-kiosk ID, -limit N)
  load-registry FILE   load a population registry file (JSON lines)
  gen-registry   write a registry of clearly synthetic people
  ca             print the CA certificate kiosks pin
  ca-fingerprint print the CA certificate's SHA-256 fingerprint, as a kiosk's
                 enrolment screen shows it for the technician to compare
  import BUNDLE  apply a bundle a kiosk wrote to a USB stick; write central's signed
                 receipt beside it (-o RECEIPT to choose) for the kiosk to import
  gen-kek        print a new key-encryption key (64 hex digits) for -kek-file,
                 a systemd credential or BAWABA_KEK (docs/keys.md)
  rotate-kek -new-kek-file FILE
                 wrap the database's data key under a new KEK (the current one
                 from -kek-file, the credential or BAWABA_KEK); with bbolt, stop
                 the server first

Every command takes -data DIR (default ./central-data), -postgres URL and
-kek-file FILE; run "central <command> -h" for its flags. serve needs a
key-encryption key and an SMS sender (-sms-url, or -dev-sms for development).
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	cmd, args := os.Args[1], os.Args[2:]
	if len(cmd) > 1 && cmd[0] == '-' && cmd != "-h" {
		// `central -data DIR ...` is `central serve -data DIR ...`.
		cmd, args = "serve", os.Args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(args)
	case "enroll-code", "kiosks", "revoke", "rotate-key", "records", "load-registry", "ca", "ca-fingerprint",
		"rotate-id-key", "issue-id", "issuer-keys", "service", "audit":
		err = admin(cmd, args)
	case "import":
		err = importBundle(args)
	case "gen-registry":
		err = genRegistry(args)
	case "rotate-kek":
		err = rotateKEK(args)
	case "gen-kek":
		_, err = os.Stdout.Write(vault.GenerateKEK())
	case "help", "-h", "--help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "central: unknown command %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "central:", err)
		os.Exit(1)
	}
}
