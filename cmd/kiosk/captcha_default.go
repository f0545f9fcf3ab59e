//go:build !smoke

package main

import "math/rand/v2"

// captchaRand is nil: register.New seeds its own generator from crypto/rand.
func captchaRand() *rand.Rand { return nil }
