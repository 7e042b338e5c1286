package anomaly

import "math/bits"

// rng is splitmix64, like testdata/gen's: ours rather than math/rand's so that a plan and the
// injected files never change with the Go release.
type rng struct{ s uint64 }

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// hash2 hashes two words, to derive independent streams (per injection, per file).
func hash2(a, b uint64) uint64 { return mix64(mix64(a) ^ (b + 0x9e3779b97f4a7c15)) }

// hashString is FNV-1a.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

func newRng(seed uint64) *rng { return &rng{s: mix64(seed)} }

func (r *rng) u64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// intn returns a uniform int in [0, n); n must be > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.u64(), uint64(n))
	return int(hi)
}

// shuffle permutes n elements with swap (Fisher–Yates).
func (r *rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.intn(i+1))
	}
}

const (
	alnum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	lowerHex   = "0123456789abcdef"
)

func (r *rng) chars(set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[r.intn(len(set))]
	}
	return string(b)
}

// appendUUID appends a random version-4 UUID.
func (r *rng) appendUUID(b []byte) []byte {
	hi, lo := r.u64(), r.u64()
	hi = hi&^(0xf<<12) | 4<<12
	lo = lo&^(0xc<<60) | 0x8<<60
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
