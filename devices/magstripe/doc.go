// Package magstripe parses bank-card magnetic-stripe tracks as card readers send
// them in ASCII (ISO/IEC 7813): track 1 "%B PAN ^ NAME ^ YYMM SSS … ?" and track 2
// "; PAN = YYMM SSS … ?", each optionally followed by its LRC character. The PAN is
// checked (length and Luhn digit, the rules of identity/bankcard and identity/luhn)
// and then sealed inside Card: the only ways out are Masked (first 6 / last 4,
// bankcard.Mask), Token (keyed HMAC-SHA256, bankcard.Token), TokenWith (a caller's one-way
// function) and Activation (the payload, sealed before it is kept or sent, that
// carries the PAN to central).
// Card's String, GoString and LogValue are masked, so a PAN cannot reach a log by
// accident.
package magstripe
