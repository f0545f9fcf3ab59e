// Package speech is the kiosk's spoken guidance: an Engine says Utterances —
// fixed prompts named by catalogue key ("speech.…" in
// assets/translations/speech.{ar,en}.json) and values spelled character by
// character — on the default audio device. It imports no UI: the shell decides
// when speech mode is on and what each screen says (see kiosk/shell).
//
// The Player joins the clips of an utterance, pauses between spelled
// characters (long ones for the visual code), scales the samples to one of
// MaxVolume steps and pipes them to paplay (PulseAudio or PipeWire) or aplay
// (ALSA), whichever DefaultDevice finds. With no audio device Say fails with
// ErrNoAudio and the kiosk works on silently; the staff screen says so.
//
// # Where the audio comes from
//
// Prompts finds a prompt's audio in this order: a recorded voice file
// (<dir>/voice/<lang>/<key>.wav, so a human voice can replace the synthetic one
// key by key), a rendering cached in <dir>/cache, else a fresh rendering by
// espeak-ng, which is then cached. Warm renders every prompt and every spelled
// character at start-up, in the background, so that screens never wait for
// espeak-ng (~50 ms a prompt) once a kiosk has started once — but the 250
// country names, rendered when first said.
//
// Why render on the kiosk and not ship WAV files in assets/: espeak-ng writes
// 22 050 Hz 16-bit audio, 44 kB a second, and the prompts (slow, for elderly
// listeners) and spelled characters in two languages come to about 750 s —
// 66 MB measured, which would multiply the binary and the repository for audio
// that espeak-ng (a 1 MB Debian package the kiosk image installs anyway, see
// scripts/setup.sh) makes in about a minute of one core on first start; later
// starts only read the cache. The cache key is a hash of the voice, its rate
// and the text, so an edited catalogue text is rendered again and a stale clip
// is never played.
//
// # Caveats
//
//   - Never put a secret in an Utterance: a password, PIN or code the person
//     typed is announced with Typed ("one character typed"). Only catalogue
//     texts and single characters are rendered, so the cache holds nothing
//     personal; spelled values are joined in memory and never written down.
//   - Say returns after the first samples of the first part are handed to
//     the player program; later parts are made ready and played in the
//     background (a long text is rendered while the first part plays). A new
//     Say cuts the previous one off; errors after Say returned go to OnError.
//   - Until Warm has finished on a kiosk's first start, a prompt not rendered
//     yet is rendered when it is first said: that screen waits for espeak-ng
//     (a tenth of a second to half a second) before it speaks.
//   - espeak-ng's Arabic needs diacritics (tashkeel): a prompt text written
//     without them is read, but poorly.
//   - Every clip in one utterance must have the same sample rate (espeak-ng's
//     22 050 Hz); record voice files at that rate, mono, 16-bit
//     (sox in.wav -r 22050 -c 1 -b 16 out.wav).
package speech
