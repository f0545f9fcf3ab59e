package transfer_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

// selfSigned returns a key and a certificate for it named cn, enough to sign
// bundles and receipts without a central service.
func selfSigned(t testing.TB, cn string) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return key, c
}

func seedRecords(n int) []wire.Record {
	recs := make([]wire.Record, n)
	for i := range recs {
		recs[i] = wire.Record{ID: "0190f0a0-0000-7000-8000-00000000000" + string(rune('0'+i)), Kind: wire.KindRegistration,
			KioskID: "kiosk-fuzz", Ref: "ABCD2345", Created: time.Unix(1700000000, 0).UTC(), KeyID: "k1", Sealed: []byte{1, 2, 3, byte(i)}}
	}
	return recs
}

// FuzzReadBundle: no input panics the parser, and whatever it accepts is
// consistent: signed by its own certificate, for the kiosk that certificate names,
// with as many records as it counts.
func FuzzReadBundle(f *testing.F) {
	key, cert := selfSigned(f, "kiosk-fuzz")
	var buf bytes.Buffer
	b := &transfer.Bundle{ID: "b1", KioskID: "kiosk-fuzz", Created: time.Unix(1700000000, 0).UTC(), Chain: [][]byte{cert.Raw}, Records: seedRecords(3)}
	if err := transfer.WriteBundle(&buf, b, key, nil); err != nil {
		f.Fatal(err)
	}
	valid := buf.Bytes()
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add([]byte(transfer.BundleMagic + "\n{}\nsig:\n"))
	f.Add([]byte("bawaba-bundle/2\n{}\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, leaf, err := transfer.ReadBundle(data)
		if err != nil {
			return
		}
		if got.KioskID != leaf.Subject.CommonName || got.Count != len(got.Records) {
			t.Fatalf("accepted an inconsistent bundle: %+v", got)
		}
	})
}

// FuzzReadReceipt: no input panics the parser, and the only receipts accepted
// under the fuzz CA are the one it signed (the signed part unchanged).
func FuzzReadReceipt(f *testing.F) {
	key, ca := selfSigned(f, "Fuzz CA")
	rc, err := transfer.EncodeReceipt(&transfer.Receipt{KioskID: "kiosk-fuzz", BundleID: "b1", Issued: time.Unix(1700000000, 0).UTC(),
		Results: []wire.PushResult{{ID: "r1", Status: wire.StatusAccepted}, {ID: "r2", Status: wire.StatusRejected, Code: wire.RejectOpenFailed}}}, key)
	if err != nil {
		f.Fatal(err)
	}
	signedLen := bytes.LastIndex(rc, []byte("sig:"))
	f.Add(rc)
	f.Add(rc[:len(rc)-3])
	f.Add([]byte(transfer.ReceiptMagic + "\n"))
	f.Add([]byte(transfer.ReceiptMagic + "\n{\"kiosk_id\":\"x\"}\nsig:AAAA\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := transfer.ReadReceipt(data, ca); err != nil {
			return
		}
		if !bytes.HasPrefix(data, rc[:signedLen]) {
			t.Fatalf("accepted a receipt the CA did not sign: %q", data)
		}
	})
}

// FuzzParseMounts: no mounts file panics the parser, and every mount it keeps is
// under one of the roots.
func FuzzParseMounts(f *testing.F) {
	f.Add([]byte("/dev/sdb1 /media/x/KIOSK\\040STICK vfat rw 0 0\n"))
	f.Add([]byte("a /mnt/\\777 b ro\n/dev/x /run/media/u/y exfat rw,ro 0 0"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, m := range transfer.ParseMounts(data, transfer.MountRoots) {
			ok := false
			for _, r := range transfer.MountRoots {
				ok = ok || bytes.HasPrefix([]byte(m.Path), []byte(r+"/"))
			}
			if !ok {
				t.Fatalf("kept %q", m.Path)
			}
		}
	})
}
