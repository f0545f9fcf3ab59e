package escpos

import "bytes"

// CommandLen reports the length of the command (or single data byte) that starts b.
//
// ok is true when b holds the whole command and n is its length. Otherwise more
// bytes are needed: n > 0 is the total length once the header is known (a caller
// may decide a declared length is too large to buffer), n == 0 means the header is
// still incomplete. An empty b gives (0, false).
//
// Unknown ESC, GS and FS commands are taken as two bytes, which is how most printers
// skip them; a single byte that starts no command is taken alone.
func CommandLen(b []byte) (n int, ok bool) {
	if len(b) == 0 {
		return 0, false
	}
	switch b[0] {
	case ESC:
		n = escLen(b)
	case GS:
		n = gsLen(b)
	case DLE:
		n = dleLen(b)
	case FS:
		n = fsLen(b)
	default:
		return 1, true
	}
	if n <= 0 {
		return 0, false
	}
	return n, n <= len(b)
}

// at returns the byte at i, or ok=false when b is too short.
func at(b []byte, i int) (byte, bool) {
	if i < len(b) {
		return b[i], true
	}
	return 0, false
}

func escLen(b []byte) int {
	c, ok := at(b, 1)
	if !ok {
		return 0
	}
	switch c {
	case '@', '2', '<', 'S', 'L', 'i', 'm':
		return 2
	case 'a', 'E', '!', 'd', 'J', 't', '-', 'M', 'G', '3', 'R', ' ', 'V', '{', 'U', 'e', 'K', '%', '?', 'r', 'T':
		return 3
	case 'c':
		return 4 // ESC c 3 n, ESC c 4 n, ESC c 5 n
	case '$', '\\':
		return 4
	case 'p':
		return 5
	case 'W':
		return 10
	case 'D':
		// Tab positions, NUL-terminated, at most 32 of them.
		if i := bytes.IndexByte(b[2:min(len(b), 2+33)], 0); i >= 0 {
			return 2 + i + 1
		}
		if len(b) >= 2+33 {
			return 2 + 33
		}
		return 0
	case '*':
		if len(b) < 5 {
			return 0
		}
		dots := int(b[3]) | int(b[4])<<8
		if b[2] > 1 {
			dots *= 3 // 24-dot modes send three bytes per column
		}
		return 5 + dots
	}
	return 2
}

func gsLen(b []byte) int {
	c, ok := at(b, 1)
	if !ok {
		return 0
	}
	switch c {
	case '!', 'B', 'H', 'h', 'w', 'f', 'a', 'r', 'I', 'b', 'T', '/':
		return 3
	case 'L', 'W', 'P', '$', '\\':
		return 4
	case 'V':
		m, ok := at(b, 2)
		if !ok {
			return 0
		}
		switch m {
		case 65, 66, 97, 98, 103, 104:
			return 4
		}
		return 3
	case 'v':
		if len(b) < 3 {
			return 0
		}
		if b[2] != '0' {
			return 3
		}
		if len(b) < 8 {
			return 0
		}
		w := int(b[4]) | int(b[5])<<8
		h := int(b[6]) | int(b[7])<<8
		return 8 + w*h
	case '(':
		if len(b) < 5 {
			return 0
		}
		return 5 + (int(b[3]) | int(b[4])<<8)
	case '8':
		if len(b) < 7 {
			return 0
		}
		return 7 + (int(b[3]) | int(b[4])<<8 | int(b[5])<<16 | int(b[6])<<24)
	case 'k':
		m, ok := at(b, 2)
		if !ok {
			return 0
		}
		if m <= 6 {
			// Function A barcodes end with NUL; Epson caps their data at 255 bytes.
			if i := bytes.IndexByte(b[3:min(len(b), 3+256)], 0); i >= 0 {
				return 3 + i + 1
			}
			if len(b) >= 3+256 {
				return 3 + 256
			}
			return 0
		}
		n, ok := at(b, 3)
		if !ok {
			return 0
		}
		return 4 + int(n)
	case '*':
		if len(b) < 4 {
			return 0
		}
		return 4 + int(b[2])*int(b[3])*8
	}
	return 2
}

func dleLen(b []byte) int {
	c, ok := at(b, 1)
	if !ok {
		return 0
	}
	switch c {
	case EOT, ENQ:
		return 3
	case 0x14: // DLE DC4 fn ...
		fn, ok := at(b, 2)
		if !ok {
			return 0
		}
		switch fn {
		case 1, 2, 7:
			return 5
		case 8:
			return 10
		}
		return 3
	}
	return 1 // a bare DLE byte is data
}

func fsLen(b []byte) int {
	c, ok := at(b, 1)
	if !ok {
		return 0
	}
	switch c {
	case '!', '-', 'C', 'W':
		return 3
	case 'S', 'p':
		return 4
	}
	return 2
}
