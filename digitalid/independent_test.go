package digitalid_test

// This test reads the golden credential with code built from the RFCs and the CBOR
// library alone: nothing here comes from package digitalid, so a bug shared by our
// encoder and our decoder cannot hide.

import (
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/fxamacker/cbor/v2"
)

// rfc9285Decode is RFC 9285 §4.2 written out again.
func rfc9285Decode(t *testing.T, s string) []byte {
	const alpha = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
	var out []byte
	for i := 0; i < len(s); i += 3 {
		chunk := s[i:min(i+3, len(s))]
		n, mul := 0, 1
		for _, c := range []byte(chunk) {
			v := strings.IndexByte(alpha, c)
			if v < 0 {
				t.Fatalf("character %q is not base45", c)
			}
			n += v * mul
			mul *= 45
		}
		if len(chunk) == 3 {
			out = append(out, byte(n/256), byte(n%256))
		} else {
			out = append(out, byte(n))
		}
	}
	return out
}

func TestIndependentDecoderReadsGolden(t *testing.T) {
	text, err := os.ReadFile("testdata/golden.qr")
	if err != nil {
		t.Fatal(err)
	}
	qr := strings.TrimSpace(string(text))
	zr, err := zlib.NewReader(bytes.NewReader(rfc9285Decode(t, qr)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}

	// RFC 9052 §4.2: COSE_Sign1 = tag 18 [protected bstr, unprotected map, payload bstr, signature bstr].
	var tag cbor.Tag
	if err := cbor.Unmarshal(raw, &tag); err != nil || tag.Number != 18 {
		t.Fatalf("tag = %d, %v; want 18", tag.Number, err)
	}
	arr, ok := tag.Content.([]any)
	if !ok || len(arr) != 4 {
		t.Fatalf("COSE_Sign1 content = %T %v", tag.Content, tag.Content)
	}
	protected, _ := arr[0].([]byte)
	payload, _ := arr[2].([]byte)
	sig, _ := arr[3].([]byte)
	var hdr map[int]any
	if err := cbor.Unmarshal(protected, &hdr); err != nil {
		t.Fatal(err)
	}
	// RFC 9053 §2.2: alg (1) = -8 EdDSA; kid (4) names the key.
	if alg, _ := hdr[1].(int64); alg != -8 {
		t.Fatalf("alg = %v, want -8", hdr[1])
	}
	if kid, _ := hdr[4].([]byte); string(kid) != "k1" {
		t.Fatalf("kid = %v, want k1", hdr[4])
	}

	// RFC 9052 §4.4: Sig_structure = ["Signature1", protected, external_aad = h'', payload].
	tbs, err := cbor.Marshal([]any{"Signature1", protected, []byte{}, payload})
	if err != nil {
		t.Fatal(err)
	}
	pub := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize)).Public().(ed25519.PublicKey)
	if !ed25519.Verify(pub, tbs, sig) {
		t.Fatal("the signature does not verify with the RFC's Sig_structure")
	}

	// RFC 8392 claims and Claim 169 v1.2.2 keys.
	var claims map[int]any
	if err := cbor.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	if claims[1] != "https://bawaba.example" || claims[6] != uint64(1796115600) || claims[4] != uint64(1796115660) {
		t.Fatalf("iss/iat/exp = %v %v %v", claims[1], claims[6], claims[4])
	}
	if cti, _ := claims[7].([]byte); !bytes.Equal(cti, bytes.Repeat([]byte{0x5a}, 16)) {
		t.Fatalf("cti = %x", claims[7])
	}
	id, ok := claims[169].(map[any]any)
	if !ok {
		t.Fatalf("claim 169 = %T", claims[169])
	}
	want := map[uint64]any{1: "1000000008", 3: "ara", 4: "محمد عبدالله الحربي", 8: "19900315", 9: uint64(1),
		13: "SAU", 19: "Mohammed Abdullah Al-Harbi", 20: "eng"}
	if len(id) != len(want) {
		t.Fatalf("claim 169 has %d keys, want %d: %v", len(id), len(want), id)
	}
	for k, v := range want {
		if id[k] != v {
			t.Errorf("claim 169 key %d = %v, want %v", k, id[k], v)
		}
	}
	if _, ok := claims[-65537]; ok {
		t.Error("an on-screen credential must not carry the copy claim")
	}
}
