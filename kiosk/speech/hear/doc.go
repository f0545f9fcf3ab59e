// Package hear measures whether the kiosk's spoken prompts can be understood,
// with an independent machine listener: CMU pocketsphinx (Debian's
// pocketsphinx and pocketsphinx-en-us, the US English acoustic model). No human
// has listened to every prompt; a recogniser that was never tuned to espeak-ng
// is the next best judge, and a number that can be compared before and after a
// change of voice, rate or pauses.
//
// A Listener decodes clips (speech.PCM, rendered by speech.Player.Render
// exactly as the kiosk plays them) either with the model's open-vocabulary
// language model — scored as word error rate against the prompt's text
// (WordErrors) — or with a grammar of character names (CharGrammar), the way
// a listener who knows a reference is being spelled hears it — scored as
// the characters heard right and the extra ones heard (CharErrors).
//
// # Caveats
//
//   - English only. Debian ships no Arabic acoustic model for pocketsphinx, so
//     the Arabic prompts cannot be measured this way; their diacritics are
//     checked by a catalogue test, not by ear.
//   - The model is US English; the kiosk's voice is espeak-ng's British
//     English ("en-gb"). Words said differently in the two (an r-less
//     "number") count as errors a British-English listener would not make:
//     the figures are a lower bound on intelligibility, useful for comparing
//     renderings, not an absolute score. Measured: 79% word error rate over all 589
//     prompts with the kiosk's en-gb voice (78% on every tenth); 55% on every
//     tenth with espeak-ng's en-us at the same rate — much of what the
//     listener gets wrong is accent, and the rest a formant voice it was never
//     trained on. The spelled characters, heard with a grammar, fare far
//     better (80–100%).
//   - E-set letters (B, C, D, E, G, P, T, V, Z), which sound alike to people
//     on a telephone too, are what it mishears most in spelled references.
//   - A quiet noise floor (NoiseFloor, about -50 dBFS) is added before
//     decoding: the recogniser's noise subtraction fails on the digitally
//     exact silence espeak-ng writes (measured: "please enter your national
//     identity" came out "the loot osh onto to do" without it). A kiosk in a
//     public hall is never that quiet either. The noise is seeded, so runs
//     give the same figures.
//   - Decoding runs two pocketsphinx_batch processes (one per core), each
//     with every other clip (the model takes about a second to load); audio
//     is resampled to the model's 16 kHz with sox. The recogniser adapts to
//     the level of the clips it has heard in its batch (live cepstral mean),
//     so a clip's result can change a little with the clips decoded before it:
//     compare runs of the same set only.
//   - Slow: the 589 English prompts (the country names aside) come to 48
//     minutes of audio at the kiosk's slow rate, which takes pocketsphinx
//     tens of minutes on a loaded two-core machine; cmd/bawaba-hear's -every
//     measures a sample (every tenth: 59 prompts, about three minutes).
package hear
