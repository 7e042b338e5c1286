package gen

import (
	"math"
	"math/bits"
)

// rng is a small splitmix64 generator. It is ours rather than math/rand's so that the output
// of a seed never changes with the Go release. Not safe for concurrent use: every output file
// owns one.
type rng struct{ s uint64 }

// mix64 is the splitmix64 finalizer: a cheap, well-spread hash of one word.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// hash2 hashes two words; used to derive independent streams from (seed, window, region).
func hash2(a, b uint64) uint64 { return mix64(mix64(a) ^ (b + 0x9e3779b97f4a7c15)) }

func newRng(seed uint64) *rng { return &rng{s: mix64(seed)} }

func (r *rng) u64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a uniform int in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant
// here). n must be > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.u64(), uint64(n))
	return int(hi)
}

// float returns a uniform float64 in [0, 1).
func (r *rng) float() float64 { return float64(r.u64()>>11) * 0x1p-53 }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

const (
	alnum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	lowerHex   = "0123456789abcdef"
	upperHex   = "0123456789ABCDEF"
)

// appendChars appends n characters drawn from set (len(set) ≤ 64), taking 6 bits of one
// random word per character.
func (r *rng) appendChars(b []byte, set string, n int) []byte {
	var w uint64
	left := 0
	for range n {
		if left == 0 {
			w, left = r.u64(), 10
		}
		hi, _ := bits.Mul64(w&0x3f<<58, uint64(len(set))) // (6 random bits / 64) * len
		b = append(b, set[hi])
		w >>= 6
		left--
	}
	return b
}

// appendUUID appends a random version-4 UUID in its canonical lower-case form.
func (r *rng) appendUUID(b []byte) []byte {
	return appendUUIDWords(b, r.u64(), r.u64())
}

// appendUUIDWords formats two words as a version-4 UUID.
func appendUUIDWords(b []byte, hi, lo uint64) []byte {
	hi = hi&^(0xf<<12) | 4<<12   // version 4
	lo = lo&^(0xc<<60) | 0x8<<60 // RFC 4122 variant
	for i, g := range [5]int{8, 4, 4, 4, 12} {
		if i > 0 {
			b = append(b, '-')
		}
		for range g {
			var nib uint64
			nib, hi, lo = hi>>60, hi<<4|lo>>60, lo<<4
			b = append(b, lowerHex[nib])
		}
	}
	return b
}

// alias is a Walker/Vose alias table: O(1) weighted choice among len(prob) items.
type alias struct {
	prob  []uint32 // threshold scaled to 2^32
	alias []int32
}

func newAlias(weights []float64) alias {
	n := len(weights)
	if n == 0 {
		panic("gen: alias table without weights")
	}
	var sum float64
	for _, w := range weights {
		sum += w
	}
	scaled := make([]float64, n)
	var small, large []int
	for i, w := range weights {
		scaled[i] = w * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	a := alias{prob: make([]uint32, n), alias: make([]int32, n)}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s] = uint32(scaled[s] * (1 << 32))
		a.alias[s] = int32(l)
		scaled[l] += scaled[s] - 1
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range append(small, large...) {
		a.prob[i] = 1<<32 - 1
		a.alias[i] = int32(i)
	}
	return a
}

// pick draws one index.
func (a *alias) pick(r *rng) int {
	w := r.u64()
	hi, _ := bits.Mul64(w, uint64(len(a.prob)))
	if uint32(w) < a.prob[hi] {
		return int(hi)
	}
	return int(a.alias[hi])
}

// zipfWeights returns n weights 1/(i+1)^s: a few very popular items and a long tail.
func zipfWeights(n int, s float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), s)
	}
	return w
}

// Rand is the generator's deterministic random source, for the packages that build test data
// on the generator's (testdata/anomaly): the same seed gives the same numbers on every Go
// release. Not safe for concurrent use.
type Rand struct{ r rng }

// NewRand returns a source seeded with seed.
func NewRand(seed uint64) *Rand { return &Rand{r: *newRng(seed)} }

// Uint64 returns a uniform 64-bit word.
func (x *Rand) Uint64() uint64 { return x.r.u64() }

// Intn returns a uniform int in [0, n); n must be > 0.
func (x *Rand) Intn(n int) int { return x.r.intn(n) }

// Shuffle permutes n elements with swap (Fisher–Yates).
func (x *Rand) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, x.r.intn(i+1))
	}
}

// Chars returns n characters drawn from set (at most 64 characters).
func (x *Rand) Chars(set string, n int) string { return string(x.r.appendChars(nil, set, n)) }

// AppendUUID appends a random version-4 UUID in its canonical lower-case form.
func (x *Rand) AppendUUID(b []byte) []byte { return x.r.appendUUID(b) }

// Hash2 hashes two words, to derive independent streams from one seed.
func Hash2(a, b uint64) uint64 { return hash2(a, b) }
