package pdq

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// refFormat is the reference's Hash256::format: bit k in word k>>4, bit
// k&15, words printed %04x from 15 down to 0.
func refFormat(bitSet func(k int) bool) string {
	var w [16]uint16
	for k := range 256 {
		if bitSet(k) {
			w[k>>4] |= 1 << (k & 15)
		}
	}
	var sb strings.Builder
	for i := 15; i >= 0; i-- {
		fmt.Fprintf(&sb, "%04x", w[i])
	}
	return sb.String()
}

func TestBitOrderMatchesReferenceFormat(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 50 {
		var h Hash
		set := map[int]bool{}
		for range r.IntN(256) {
			k := r.IntN(256)
			h.setBit(k)
			set[k] = true
		}
		want := refFormat(func(k int) bool { return set[k] })
		if got := h.String(); got != want {
			t.Fatalf("String() = %s, want %s (reference word order)", got, want)
		}
		for k := range 256 {
			if h.Bit(k) != set[k] {
				t.Fatalf("Bit(%d) = %v, want %v", k, h.Bit(k), set[k])
			}
		}
	}
	var one Hash
	one.setBit(0)
	if s := one.String(); s != strings.Repeat("0", 63)+"1" {
		t.Errorf("bit 0: String() = %s", s)
	}
}

func TestParseHex(t *testing.T) {
	const s = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
	h, err := ParseHex(s)
	if err != nil {
		t.Fatalf("ParseHex(%q) error %v", s, err)
	}
	if h.String() != s {
		t.Errorf("ParseHex(%q).String() = %s", s, h.String())
	}
	if u, err := ParseHex(strings.ToUpper(s)); err != nil || u != h {
		t.Errorf("ParseHex(upper) = %v, %v; want %v", u, err, h)
	}
	for _, bad := range []string{"", s[:63], s + "0", s[:63] + "g", s[:62] + " 1", strings.Repeat("é", 32)} {
		if _, err := ParseHex(bad); !errors.Is(err, ErrInvalidHex) {
			t.Errorf("ParseHex(%q) error = %v, want ErrInvalidHex", bad, err)
		}
	}
}

func TestHashText(t *testing.T) {
	h := Hash{0: 0xab, 31: 0x01}
	b, err := json.Marshal(map[string]Hash{"pdq": h})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"pdq":"ab` + strings.Repeat("0", 60) + `01"}`
	if string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var back map[string]Hash
	if err := json.Unmarshal(b, &back); err != nil || back["pdq"] != h {
		t.Errorf("round trip = %v, %v", back, err)
	}
	var x Hash
	if err := x.UnmarshalText([]byte("zz")); !errors.Is(err, ErrInvalidHex) || !x.IsZero() {
		t.Errorf("UnmarshalText(zz) = %v, hash %v", err, x)
	}
}

func TestDistance(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var zero, ones Hash
	for i := range ones {
		ones[i] = 0xff
	}
	if d := zero.Distance(ones); d != 256 {
		t.Errorf("Distance(zero, ones) = %d, want 256", d)
	}
	for range 100 {
		var a, b Hash
		for i := range a {
			a[i], b[i] = byte(r.Uint32()), byte(r.Uint32())
		}
		naive := 0
		for k := range 256 {
			if a.Bit(k) != b.Bit(k) {
				naive++
			}
		}
		if d := a.Distance(b); d != naive || b.Distance(a) != d || a.Distance(a) != 0 {
			t.Fatalf("Distance(%v, %v) = %d, reverse %d, want %d", a, b, d, b.Distance(a), naive)
		}
	}
	a, b := Hash{1}, Hash{2}
	if n := testing.AllocsPerRun(100, func() { _ = a.Distance(b) }); n != 0 {
		t.Errorf("Distance allocates %v times", n)
	}
}

func TestModeAndOrientationStrings(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{FullResolution.String(), "full-resolution"},
		{Squash512.String(), "squash-512"},
		{Mode(9).String(), "Mode(9)"},
		{Rotate90.String(), "rotate90"},
		{FlipMinus1.String(), "flipminus1"},
		{Orientation(8).String(), "Orientation(8)"},
	} {
		if c.got != c.want {
			t.Errorf("String() = %q, want %q", c.got, c.want)
		}
	}
}
