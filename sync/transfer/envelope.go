package transfer

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"io"
	"strings"
)

// The format lines. The version is in the line: a reader refuses a version it does
// not know rather than guess at its fields.
const (
	BundleMagic  = "bawaba-bundle/1"
	ReceiptMagic = "bawaba-receipt/1"
	sigPrefix    = "sig:"
)

// MaxFileBytes bounds a bundle or receipt read into memory. The outbox holds at most
// 256 MiB of sealed bytes by default; base64 in JSON adds a third.
const MaxFileBytes = 512 << 20

// An envelope is three lines, each ending in "\n":
//
//	<format line>
//	<one line of JSON: the content>
//	sig:<base64 signature over the SHA-256 of the first two lines, newlines included>
//
// Nothing may follow the signature line. json.Marshal never writes a raw newline,
// so the JSON is always one line.

// split checks a file's shape and returns the signed part (the first two lines), the
// JSON and the signature.
func split(b []byte, magic string) (signed, body, sig []byte, err error) {
	if len(b) > MaxFileBytes {
		return nil, nil, nil, fmt.Errorf("%w: %d bytes (max %d)", ErrTooLarge, len(b), MaxFileBytes)
	}
	head := magic + "\n"
	if !bytes.HasPrefix(b, []byte(head)) {
		if len(b) < len(head) && strings.HasPrefix(head, string(b)) {
			return nil, nil, nil, fmt.Errorf("%w: %d bytes", ErrTruncated, len(b))
		}
		family, _, _ := strings.Cut(magic, "/")
		if bytes.HasPrefix(b, []byte(family+"/")) {
			line, _, _ := bytes.Cut(b, []byte("\n"))
			return nil, nil, nil, fmt.Errorf("%w: version %q", ErrFormat, clipBytes(line))
		}
		return nil, nil, nil, fmt.Errorf("%w: does not start with %q", ErrFormat, magic)
	}
	rest := b[len(head):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return nil, nil, nil, fmt.Errorf("%w: content not complete", ErrTruncated)
	}
	body = rest[:nl]
	signed = b[:len(head)+nl+1]
	tail := rest[nl+1:]
	if len(tail) == 0 || (len(tail) < len(sigPrefix) && strings.HasPrefix(sigPrefix, string(tail))) {
		return nil, nil, nil, fmt.Errorf("%w: no signature", ErrTruncated)
	}
	if !bytes.HasPrefix(tail, []byte(sigPrefix)) {
		return nil, nil, nil, fmt.Errorf("%w: third line is not a signature", ErrFormat)
	}
	enc, after, ok := bytes.Cut(tail[len(sigPrefix):], []byte("\n"))
	if !ok {
		return nil, nil, nil, fmt.Errorf("%w: signature line not complete", ErrTruncated)
	}
	if len(after) != 0 {
		return nil, nil, nil, fmt.Errorf("%w: %d bytes after the signature", ErrFormat, len(after))
	}
	sig, err = base64.StdEncoding.Strict().DecodeString(string(enc))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: signature encoding: %v", ErrSignature, err)
	}
	return signed, body, sig, nil
}

func clipBytes(b []byte) string {
	if len(b) > 40 {
		b = b[:40]
	}
	return string(b)
}

// sign signs the SHA-256 digest of what was written: ECDSA with SHA-256 as usual,
// or Ed25519 over the 32-byte digest (so a file can be signed as it streams out).
func sign(signer crypto.Signer, digest []byte) ([]byte, error) {
	switch signer.Public().(type) {
	case *ecdsa.PublicKey:
		return signer.Sign(rand.Reader, digest, crypto.SHA256)
	case ed25519.PublicKey:
		return signer.Sign(rand.Reader, digest, crypto.Hash(0))
	default:
		return nil, fmt.Errorf("%w: cannot sign with a %T key", ErrCertificate, signer.Public())
	}
}

// verify checks sig over the SHA-256 of signed with pub.
func verify(pub crypto.PublicKey, signed, sig []byte) error {
	d := sha256.Sum256(signed)
	ok := false
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		ok = ecdsa.VerifyASN1(k, d[:], sig)
	case ed25519.PublicKey:
		ok = len(k) == ed25519.PublicKeySize && ed25519.Verify(k, d[:], sig)
	default:
		return fmt.Errorf("%w: a %T key cannot sign bundles or receipts", ErrCertificate, pub)
	}
	if !ok {
		return ErrSignature
	}
	return nil
}

// signingWriter writes an envelope as it goes, hashing the signed part, so that a
// large bundle is never held twice in memory.
type signingWriter struct {
	w   *bufio.Writer
	h   hash.Hash
	err error
}

func newSigningWriter(w io.Writer, magic string) *signingWriter {
	sw := &signingWriter{w: bufio.NewWriterSize(w, 1<<16), h: sha256.New()}
	sw.Write([]byte(magic + "\n"))
	return sw
}

func (sw *signingWriter) Write(p []byte) (int, error) {
	if sw.err != nil {
		return 0, sw.err
	}
	sw.h.Write(p)
	n, err := sw.w.Write(p)
	sw.err = err
	return n, err
}

// finish ends the JSON line, signs and writes the signature line, and flushes.
func (sw *signingWriter) finish(signer crypto.Signer) error {
	sw.Write([]byte("\n"))
	if sw.err != nil {
		return sw.err
	}
	sig, err := sign(signer, sw.h.Sum(nil))
	if err != nil {
		return err
	}
	if _, err := sw.w.WriteString(sigPrefix + base64.StdEncoding.EncodeToString(sig) + "\n"); err != nil {
		return err
	}
	return sw.w.Flush()
}
