//go:build smoke

package main

import "math/rand/v2"

// captchaRand makes the visual codes predictable: this build is only for the smoke
// test (go build -tags smoke), never for a kiosk.
func captchaRand() *rand.Rand { return newSmokeCaptchaRand() }
