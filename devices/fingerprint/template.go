package fingerprint

import "github.com/bawaba/bawaba/sync/wire"

// TemplateSize is the size of a character file / template on R30x modules; the
// synthetic format (wire.TemplateSize) is defined to match it.
const TemplateSize = wire.TemplateSize

// SimTemplate is the synthetic template of the finger named fingerID, as the
// simulator uploads it. It is wire.SyntheticTemplate, the one derivation the central
// service's synthetic registry also stores, so an upload matches the person on
// record (wire.MatchScore).
func SimTemplate(fingerID string) []byte { return wire.SyntheticTemplate(fingerID) }
