package proof

// Finger is the finger the person is asked for.
type Finger int

// Fingers in the order they are asked for (as at the national self-service kiosks).
const (
	RightIndex Finger = iota
	LeftIndex
)

// Key is the i18n key of the finger's name ("your right index finger").
func (f Finger) Key() string {
	if f == LeftIndex {
		return "proof.finger.left_index"
	}
	return "proof.finger.right_index"
}

func (f Finger) String() string {
	if f == LeftIndex {
		return "left index"
	}
	return "right index"
}

// MaxAttempts is how many tries each finger gets.
const MaxAttempts = 3

// Attempts counts failed tries per finger. The zero value asks for the right index
// finger first.
type Attempts struct {
	finger Finger
	failed [2]int
}

// Finger is the finger to ask for now.
func (a *Attempts) Finger() Finger { return a.finger }

// Left is how many tries the current finger has left.
func (a *Attempts) Left() int { return MaxAttempts - a.failed[a.finger] }

// Failed counts one failed try of the current finger. switched is true when that
// finger is used up and the other one is asked for now; exhausted when both are.
func (a *Attempts) Failed() (switched, exhausted bool) {
	a.failed[a.finger]++
	if a.failed[a.finger] < MaxAttempts {
		return false, false
	}
	if a.finger == RightIndex {
		a.finger = LeftIndex
		return true, false
	}
	return false, true
}

// Exhausted reports whether both fingers used all their tries.
func (a *Attempts) Exhausted() bool {
	return a.failed[RightIndex] >= MaxAttempts && a.failed[LeftIndex] >= MaxAttempts
}
