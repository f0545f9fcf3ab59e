package speech

import (
	"encoding/binary"
	"fmt"
)

// PCM is mono signed 16-bit audio: what every prompt is turned into before it
// is played, so that clips can be joined, padded with silence and scaled.
type PCM struct {
	Rate    int // samples per second
	Samples []int16
}

// Duration is the clip's length in seconds.
func (p PCM) Duration() float64 {
	if p.Rate <= 0 {
		return 0
	}
	return float64(len(p.Samples)) / float64(p.Rate)
}

// maxWAVSamples bounds a parsed clip (10 minutes at 48 kHz): a prompt is
// seconds long, and a damaged header must not make us allocate gigabytes.
const maxWAVSamples = 10 * 60 * 48000

// ParseWAV reads a RIFF/WAVE file of mono 16-bit PCM, the format espeak-ng
// writes and recorded voice files must use. espeak-ng's --stdout header gives
// the data chunk an unknown (huge) length, so a data chunk running past the end
// of b is taken to end there.
func ParseWAV(b []byte) (PCM, error) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return PCM{}, fmt.Errorf("%w: not a RIFF/WAVE file", ErrFormat)
	}
	var rate int
	var haveFmt bool
	for off := 12; off+8 <= len(b); {
		id := string(b[off : off+4])
		size := int64(binary.LittleEndian.Uint32(b[off+4 : off+8]))
		body := off + 8
		end := int64(body) + size
		switch id {
		case "fmt ":
			if size < 16 || end > int64(len(b)) {
				return PCM{}, fmt.Errorf("%w: short fmt chunk", ErrFormat)
			}
			f := b[body:]
			format := binary.LittleEndian.Uint16(f[0:2])
			channels := binary.LittleEndian.Uint16(f[2:4])
			rate = int(binary.LittleEndian.Uint32(f[4:8]))
			bits := binary.LittleEndian.Uint16(f[14:16])
			if format != 1 || channels != 1 || bits != 16 {
				return PCM{}, fmt.Errorf("%w: want mono 16-bit PCM, got format %d, %d channels, %d bits", ErrFormat, format, channels, bits)
			}
			if rate < 8000 || rate > 48000 {
				return PCM{}, fmt.Errorf("%w: sample rate %d out of range", ErrFormat, rate)
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return PCM{}, fmt.Errorf("%w: data before fmt", ErrFormat)
			}
			if end > int64(len(b)) {
				end = int64(len(b))
			}
			n := (end - int64(body)) / 2
			if n > maxWAVSamples {
				return PCM{}, fmt.Errorf("%w: clip too long", ErrFormat)
			}
			s := make([]int16, n)
			for i := range s {
				s[i] = int16(binary.LittleEndian.Uint16(b[body+2*i:]))
			}
			return PCM{Rate: rate, Samples: s}, nil
		}
		if end > int64(len(b)) {
			break
		}
		off = int(end + end%2) // chunks are padded to an even length
	}
	return PCM{}, fmt.Errorf("%w: no data chunk", ErrFormat)
}

// WAV encodes p as a RIFF/WAVE file with exact lengths (for the cache, and for
// tools such as sox that measure it).
func (p PCM) WAV() []byte {
	data := 2 * len(p.Samples)
	b := make([]byte, 44+data)
	copy(b[0:], "RIFF")
	binary.LittleEndian.PutUint32(b[4:], uint32(36+data))
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], 1)
	binary.LittleEndian.PutUint32(b[24:], uint32(p.Rate))
	binary.LittleEndian.PutUint32(b[28:], uint32(2*p.Rate))
	binary.LittleEndian.PutUint16(b[32:], 2)
	binary.LittleEndian.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], uint32(data))
	for i, s := range p.Samples {
		binary.LittleEndian.PutUint16(b[44+2*i:], uint16(s))
	}
	return b
}

// raw is p's samples as little-endian bytes, what aplay and paplay read.
func (p PCM) raw() []byte {
	b := make([]byte, 2*len(p.Samples))
	for i, s := range p.Samples {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	return b
}
