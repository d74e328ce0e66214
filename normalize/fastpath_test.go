package normalize

import (
	"slices"
	"testing"
)

// generalAppend is AppendOffsets through the general path of run only,
// without the scan, block and one-rune fast paths.
func generalAppend(p *Profile, src []byte) ([]byte, []int32) {
	var st state
	st.init(0, 0, true)
	st.general = true
	return p.run(&st, nil, nil, src, true)
}

// fastPathProfiles are the profiles whose fast paths are checked: every
// level, with the options that change the tables.
func fastPathProfiles(t testing.TB) []*Profile {
	return []*Profile{
		mustNew(t, Canonical), mustNew(t, Canonical, WithZWNJ(ZWNJKeep)),
		mustNew(t, Conservative), mustNew(t, Conservative, StrictYeh(true)),
		mustNew(t, Aggressive), mustNew(t, Aggressive, StemEnglish(true)),
	}
}

func checkFastPaths(t *testing.T, p *Profile, s string) {
	t.Helper()
	wantB, wantO := generalAppend(p, []byte(s))
	// a destination with and without spare room (block stays within cap)
	for _, room := range []int{0, 2*len(s) + 8} {
		gotB, gotO := p.AppendOffsets(make([]byte, 0, room), make([]int32, 0, room), []byte(s))
		if string(gotB) != string(wantB) || !slices.Equal(gotO, wantO) {
			t.Fatalf("%+v AppendOffsets(%+q) = %+q %v, general path %+q %v", p.Params(), s, gotB, gotO, wantB, wantO)
		}
		if got := p.Append(make([]byte, 0, room), []byte(s)); string(got) != string(wantB) {
			t.Fatalf("%+v Append(%+q) = %+q, general path %+q", p.Params(), s, got, wantB)
		}
	}
}

// TestFastPaths checks that the fast paths of run give the same output and
// offsets as its general path on every test input.
func TestFastPaths(t *testing.T) {
	profiles := fastPathProfiles(t)
	for _, s := range allInputs(t) {
		for _, p := range profiles {
			checkFastPaths(t, p, s)
		}
	}
}

// FuzzFastPaths differentially checks the fast paths of run against its
// general path.
func FuzzFastPaths(f *testing.F) {
	addSeeds(f)
	profiles := fastPathProfiles(f)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		for _, p := range profiles {
			checkFastPaths(t, p, s)
		}
	})
}
