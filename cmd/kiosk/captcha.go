package main

import "math/rand/v2"

// smokeCaptchaSeed seeds the visual verification codes of a kiosk built with the
// "smoke" build tag, so that the Xvfb smoke test can type the code the way a
// person reads it (kiosk/register.Captcha.Answer of the same draw). A normal
// build never uses it: its codes come from crypto/rand.
var smokeCaptchaSeed = [32]byte{'b', 'a', 'w', 'a', 'b', 'a', ' ', 's', 'm', 'o', 'k', 'e'}

// newSmokeCaptchaRand is the generator of a "smoke" build.
func newSmokeCaptchaRand() *rand.Rand { return rand.New(rand.NewChaCha8(smokeCaptchaSeed)) }
