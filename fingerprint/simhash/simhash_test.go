package simhash_test

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/fingerprint/simhash"
	"github.com/gharbal/gharbal/internal/shareddata"
	"github.com/gharbal/gharbal/normalize"
)

func newTextHasher(t testing.TB, lang language.Tag, opts ...shingle.Option) *simhash.Hasher {
	t.Helper()
	p, err := normalize.New(normalize.Conservative, lang)
	require.NoError(t, err)
	sh, err := shingle.New(p, opts...)
	require.NoError(t, err)
	h, err := simhash.New(simhash.WithShingler(sh))
	require.NoError(t, err)
	return h
}

func TestSumBasics(t *testing.T) {
	assert.Equal(t, uint64(0), simhash.Sum(nil, nil).Bits(), "empty feature set")
	r := rand.New(rand.NewPCG(1, 1))
	f := make([]uint64, 60)
	for i := range f {
		f[i] = r.Uint64()
	}
	a := simhash.Sum(f, nil)
	ones := make([]float32, len(f))
	for i := range ones {
		ones[i] = 1
	}
	assert.Equal(t, a, simhash.Sum(f, ones), "nil weights mean 1")
	// Order does not matter.
	rev := append([]uint64(nil), f...)
	for i, k := 0, len(rev)-1; i < k; i, k = i+1, k-1 {
		rev[i], rev[k] = rev[k], rev[i]
	}
	assert.Equal(t, a, simhash.Sum(rev, nil))
	// One heavy feature decides every bit.
	w := make([]float32, len(f))
	w[7] = 1000
	heavy := simhash.Sum(f, w)
	assert.Equal(t, simhash.Sum(f[7:8], nil).Bits(), heavy.Bits())
	// Small edits move few bits; unrelated sets about half.
	g := append([]uint64(nil), f...)
	g[0], g[1] = r.Uint64(), r.Uint64()
	d, err := a.Distance(simhash.Sum(g, nil))
	require.NoError(t, err)
	assert.Less(t, d, 20)
	var total int
	for range 200 {
		for i := range g {
			g[i] = r.Uint64()
		}
		d, _ := a.Distance(simhash.Sum(g, nil))
		total += d
	}
	assert.InDelta(t, 32, float64(total)/200, 2, "mean distance of unrelated sets")
	// Non-finite weights are ignored, not propagated.
	nan := make([]float32, len(f))
	for i := range nan {
		nan[i] = 1
	}
	nan[3] = float32(posInf())
	assert.Equal(t, simhash.Sum(append(append([]uint64(nil), f[:3]...), f[4:]...), nil), simhash.Sum(f, nan))
}

func posInf() float64 { var z float64; return 1 / z }

func TestDistanceCompatibility(t *testing.T) {
	a := simhash.Sum([]uint64{1, 2, 3}, nil)
	h1, _ := simhash.New(simhash.WithSeed(1))
	b := h1.Sum([]uint64{1, 2, 3}, nil)
	_, err := a.Distance(b)
	assert.ErrorIs(t, err, simhash.ErrIncompatible, "different seeds")
	_, err = a.Distance(simhash.Hash{})
	assert.ErrorIs(t, err, simhash.ErrIncompatible, "zero hash")
	ur := newTextHasher(t, language.Urdu)
	ar := newTextHasher(t, language.Arabic)
	_, err = ur.SumString("کتاب").Distance(ar.SumString("کتاب"))
	assert.ErrorIs(t, err, simhash.ErrIncompatible, "different profiles")
	d, err := a.Distance(a)
	assert.NoError(t, err)
	assert.Equal(t, 0, d)
	assert.Equal(t, 64, simhash.Hamming(0, ^uint64(0)))
	_, err = simhash.New(simhash.WithShingler(nil))
	assert.ErrorIs(t, err, simhash.ErrInvalidOption)
}

// TestEveryScript: texts in every script get distinct, non-degenerate
// fingerprints (the Go peer gives all Arabic-script text 0xffffffffffffffff).
func TestEveryScript(t *testing.T) {
	h := newTextHasher(t, language.Und)
	texts := []string{
		"The quick brown fox jumps over the lazy dog",
		"ہم نے آج کتاب پڑھی اور پھر گھر گئے",
		"زه غواړم چې ښوونځي ته لاړ شم",
		"كتاب جميل جدا في المكتبة الكبيرة",
		"می\u200cخواهم به خانه بروم و بخوابم",
		"Быстрая коричневая лиса прыгает",
		"हम ने आज किताब पढ़ी",
		"Hum ne aaj kitab parhi aur ghar gaye",
	}
	seen := map[uint64]string{}
	for _, s := range texts {
		b := h.SumString(s).Bits()
		assert.NotContains(t, []uint64{0, ^uint64(0)}, b, "SumString(%q)", s)
		if prev, dup := seen[b]; dup {
			t.Errorf("SumString(%q) == SumString(%q)", s, prev)
		}
		seen[b] = s
	}
}

// urduPosts returns up to n distinct non-empty lines of the shared Urdu
// corpus.
func urduPosts(t *testing.T, n int) []string {
	path := shareddata.Path(t, "text", "ur.txt")
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(out) < n {
		line := strings.TrimSpace(sc.Text())
		if len(strings.Fields(line)) < 8 || seen[line] {
			continue
		}
		seen[line] = true
		out = append(out, line)
	}
	return out
}

func generatedUrduPosts(n int) []string {
	abc := []rune("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہھءیے")
	r := rand.New(rand.NewPCG(42, 42))
	out := make([]string, n)
	for i := range out {
		words := make([]string, 20+r.IntN(30))
		for k := range words {
			id := uint64(20000 * r.Float64() * r.Float64() * r.Float64())
			wr := rand.New(rand.NewPCG(id, 9))
			w := make([]rune, 2+wr.IntN(5))
			for j := range w {
				w[j] = abc[wr.IntN(len(abc))]
			}
			words[k] = string(w)
		}
		out[i] = strings.Join(words, " ")
	}
	return out
}

// TestDistinctUrdu: 2,000 unrelated Urdu posts give 2,000 distinct SimHash
// values, on the shared corpus and on a generated fallback.
func TestDistinctUrdu(t *testing.T) {
	h := newTextHasher(t, language.Urdu)
	check := func(t *testing.T, posts []string) {
		require.Len(t, posts, 2000)
		seen := map[uint64]int{}
		for i, p := range posts {
			hs := h.SumString(p)
			if j, dup := seen[hs.Bits()]; dup {
				t.Errorf("posts %d and %d share %v:\n%q\n%q", j, i, hs, posts[j], p)
			}
			seen[hs.Bits()] = i
		}
		assert.Len(t, seen, len(posts))
	}
	t.Run("generated", func(t *testing.T) { check(t, generatedUrduPosts(2000)) })
	t.Run("shared", func(t *testing.T) { check(t, urduPosts(t, 2000)) })
}

func TestZeroAllocs(t *testing.T) {
	f := []uint64{1, 2, 3, 4, 5}
	w := []float32{1, 2, 3, 4, 5}
	h, _ := simhash.New()
	a, b := h.Sum(f, w), h.Sum(f[:3], nil)
	var buf []byte
	buf, _ = a.AppendBinary(buf)
	for name, fn := range map[string]func(){
		"Sum":          func() { a = h.Sum(f, w) },
		"Distance":     func() { _, _ = a.Distance(b) },
		"AppendBinary": func() { buf, _ = a.AppendBinary(buf[:0]) },
	} {
		if n := testing.AllocsPerRun(100, fn); n != 0 {
			t.Errorf("%s allocs = %v, want 0", name, n)
		}
	}
}

func TestConcurrent(t *testing.T) {
	h := newTextHasher(t, language.Urdu)
	posts := generatedUrduPosts(16)
	want := make([]simhash.Hash, len(posts))
	for i, p := range posts {
		want[i] = h.SumString(p)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for k := range 50 {
				i := (g + k) % len(posts)
				if h.SumText([]byte(posts[i])) != want[i] {
					errs <- errors.New("concurrent SumText differs")
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestSumUnitMatchesWeighted: the lane-counting path of SumText equals the
// general weighted Sum with unit weights, including past 255 features.
func TestSumUnitMatchesWeighted(t *testing.T) {
	p, err := normalize.New(normalize.Canonical, language.Und)
	require.NoError(t, err)
	sh, err := shingle.New(p, shingle.WithN(1))
	require.NoError(t, err)
	h, err := simhash.New(simhash.WithShingler(sh))
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{1, 2, 254, 255, 256, 600} {
		var words []string
		for range n {
			words = append(words, fmt.Sprintf("w%d", r.IntN(n)))
		}
		text := strings.Join(words, " ")
		feats := sh.AppendHashesString(nil, text)
		ones := make([]float32, len(feats))
		for i := range ones {
			ones[i] = 1
		}
		assert.Equal(t, h.Sum(feats, ones), h.SumString(text), "n=%d", n)
	}
}
