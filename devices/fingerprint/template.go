package fingerprint

import "github.com/bawaba/bawaba/identity/biometric"

// TemplateSize is the size of a character file / template on R30x modules; the
// synthetic format (biometric.TemplateSize) is defined to match it.
const TemplateSize = biometric.TemplateSize

// SimTemplate is the synthetic template of the finger named fingerID, as the
// simulator uploads it. It is biometric.SyntheticTemplate, the one derivation the
// central service's synthetic registry also stores, so an upload matches the person
// on record (biometric.MatchScore).
func SimTemplate(fingerID string) []byte { return biometric.SyntheticTemplate(fingerID) }
