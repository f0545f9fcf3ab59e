// This file only exists so that widgets_smoke.go may declare a function without a
// body (cachedRenderer, bound with go:linkname): the compiler allows that only in a
// package that has assembly.

//go:build smoke
