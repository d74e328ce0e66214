package normalize

import (
	"testing"
	"unicode/utf8"
)

func addSeeds(f *testing.F) {
	for _, s := range allInputs(f) {
		f.Add(s)
	}
}

// FuzzProfile checks the invariants of every level (idempotence, level
// order, valid UTF-8, String = Append = Bytes = AppendOffsets, offsets,
// Transformer and Reader at every chunk size) on arbitrary input.
func FuzzProfile(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		checkInvariants(t, s)
	})
}

// FuzzTransformer differentially checks the Transformer against the one-shot
// Append with a fuzzed chunk size and level.
func FuzzTransformer(f *testing.F) {
	for i, s := range allInputs(f) {
		f.Add(s, uint8(i), uint8(i%3))
	}
	f.Fuzz(func(t *testing.T, s string, n, lv uint8) {
		p := mustNew(t, levels[int(lv)%3])
		want := p.String(s)
		got := string(chunked(t, p.NewTransformer(), []byte(s), int(n)%64+1))
		if got != want {
			t.Errorf("%v Transformer(%+q) with %d-byte chunks = %+q, want %+q", p.level, s, int(n)%64+1, got, want)
		}
	})
}

// FuzzAppendOffsets checks the offset map on arbitrary input and options.
func FuzzAppendOffsets(f *testing.F) {
	for i, s := range allInputs(f) {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, s string, sel uint8) {
		opts := [][]Option{nil, {WithZWNJ(ZWNJSpace)}, nil}
		l := levels[int(sel)%3]
		var extra []Option
		switch {
		case sel&8 != 0 && l == Conservative:
			extra = []Option{StrictYeh(true)}
		case sel&8 != 0 && l == Aggressive:
			extra = []Option{StemEnglish(true)}
		case sel&16 != 0 && l == Canonical:
			extra = []Option{WithZWNJ(ZWNJKeep)}
		}
		p := mustNew(t, l, append(opts[int(sel>>5)%3], extra...)...)
		want := p.String(s)
		if again := p.String(want); again != want {
			t.Errorf("%+v not idempotent on %+q: %+q -> %+q", p.Params(), s, want, again)
		}
		if !utf8.ValidString(want) {
			t.Errorf("%+v(%+q) = %+q: invalid UTF-8", p.Params(), s, want)
		}
		checkOffsets(t, p, s, want)
	})
}

// FuzzExplain checks Explain on arbitrary input: the last step of every
// level is that level's output, and the last step is p.String.
func FuzzExplain(f *testing.F) {
	for i, s := range allInputs(f) {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, s string, sel uint8) {
		if len(s) > 1024 {
			return
		}
		l := levels[int(sel)%3]
		var opts []Option
		if sel&8 != 0 && l == Aggressive {
			opts = append(opts, StemEnglish(true))
		}
		p := mustNew(t, l, opts...)
		steps := p.Explain(s)
		if steps[0].Output != s || steps[len(steps)-1].Output != p.String(s) {
			t.Fatalf("%v Explain(%+q): input %+q, last %+q, want %+q", p.Params(), s, steps[0].Output, steps[len(steps)-1].Output, p.String(s))
		}
		for i := 1; i < len(steps); i++ {
			if !utf8.ValidString(steps[i].Output) {
				t.Errorf("%v Explain(%+q) step %s: invalid UTF-8", p.Params(), s, steps[i])
			}
			if steps[i].Level != p.level && (i+1 == len(steps) || steps[i+1].Level != steps[i].Level) {
				if want := mustNew(t, steps[i].Level).String(s); steps[i].Output != want {
					t.Errorf("Explain(%+q) step %s, want the %v output %+q", s, steps[i], steps[i].Level, want)
				}
			}
		}
	})
}
