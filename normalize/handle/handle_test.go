package handle

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

func readHandles(t testing.TB) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "handles.txt"))
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "#") {
			out = append(out, sc.Text())
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// TestGolden pins skeletons, keys and explanations of version 1.
func TestGolden(t *testing.T) {
	n, err := New()
	require.NoError(t, err)
	var b strings.Builder
	fmt.Fprintf(&b, "# handle/v%d namekey/v%d\n", Version, n.Params().NameKeyVersion)
	for _, h := range readHandles(t) {
		fmt.Fprintf(&b, "%q\t%s\n", h, n.Normalize(h).Explain())
	}
	golden := filepath.Join("testdata", fmt.Sprintf("golden_v%d.txt", Version))
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test -update to create %s", golden)
	assert.Equal(t, string(want), b.String(), "outputs differ from %s (bump Version and run -update if intended)", golden)
}

func TestMirrorsAgree(t *testing.T) {
	n, err := New()
	require.NoError(t, err)
	groups := [][]string{
		{"TTP_Official", "T.T.P_0fficiaI2", "ttp.officiall", "@ttp_official", "TTPOfficial", "ttpofficial", "therealttp", "TTP_Urdu_Backup", "ΤΤΡ_news", "ＴＴＰ＿ＯＦＦＩＣＩＡＬ", "𝐭𝐭𝐩_𝐫𝐞𝐚𝐥", "ttp__backup__2", "t_t_p", "TTP-Official-Page-3", "ttpofficialpage"},
		{"umar_media2", "Umar.Media.Official", "umarmedia_asli", "UMAR_MEDIA"},
		{"tehreek_e_taliban_asli", "Tehreek-e-Taliban", "tehreek.e.taliban.official"},
	}
	for _, g := range groups {
		first := n.Normalize(g[0])
		for _, h := range g[1:] {
			got := n.Normalize(h)
			assert.True(t, first.Same(got), "Normalize(%+q).Skeleton = %q, Normalize(%+q).Skeleton = %q (%s)", g[0], first.Skeleton, h, got.Skeleton, got.Explain())
		}
	}
	// Cross-script: the name key, not the skeleton, carries the match.
	a, b := n.Normalize("تحریک_طالبان"), n.Normalize("Tehrik-i-Taliban")
	assert.True(t, a.Key.Matches(b.Key), "keys %v and %v", a.Key, b.Key)
	assert.False(t, a.Same(b))
}

func TestDifferent(t *testing.T) {
	n, err := New()
	require.NoError(t, err)
	for _, p := range [][2]string{
		{"TTP_Official", "PTI_Official"},
		{"umar_media", "usman_media"},
		{"official", "real"},
		{"___", "..."},
	} {
		a, b := n.Normalize(p[0]), n.Normalize(p[1])
		assert.False(t, a.Same(b), "Normalize(%+q) and Normalize(%+q) share skeleton %q", p[0], p[1], a.Skeleton)
	}
}

func TestExplanation(t *testing.T) {
	n, err := New()
	require.NoError(t, err)
	h := n.Normalize("T.T.P_0fficiaI2")
	want := []Stripped{
		{Separator, "."}, {Separator, "."}, {Separator, "_"}, {Digits, "2"}, {Leet, "0→o"}, {Affix, "officiai"}, {Repeat, "tt"},
	}
	assert.ElementsMatch(t, want, h.Stripped, "Normalize(T.T.P_0fficiaI2).Stripped")
	assert.Equal(t, []string{"ttp"}, h.Parts)
	// A handle made only of affixes keeps its last part.
	assert.Equal(t, []string{"official"}, n.Normalize("official").Parts)
	assert.Equal(t, []string{"real"}, n.Normalize("the_real").Parts)
}

func TestOptions(t *testing.T) {
	for _, bad := range []Option{WithAffixes("123"), WithAffixes(strings.Repeat("a", 33)), nil} {
		_, err := New(bad)
		assert.True(t, errors.Is(err, ErrInvalidOption), "New(bad option) error = %v", err)
	}
	n, err := New(WithAffixes("brigade"))
	require.NoError(t, err)
	assert.Equal(t, "tp", n.Normalize("ttp_brigade").Skeleton)
	d, _ := New()
	assert.NotEqual(t, "tp", d.Normalize("ttp_brigade").Skeleton)
	assert.Equal(t, d.Params().Affixes+1, n.Params().Affixes)
	o, err := New(WithoutBuiltinAffixes(), WithAffixes("official"))
	require.NoError(t, err)
	assert.Equal(t, []string{"umar", "media"}, o.Normalize("Umar Media Official").Parts)
	assert.Equal(t, 1, o.Params().Affixes)
}

func checkHandle(t *testing.T, n *Normalizer, h string) {
	got := n.Normalize(h)
	if len(got.Input) > MaxInputBytes {
		t.Fatalf("Normalize(%+q).Input longer than MaxInputBytes", h)
	}
	for _, s := range append([]string{got.Skeleton}, got.Parts...) {
		if !utf8.ValidString(s) {
			t.Fatalf("Normalize(%+q): invalid UTF-8 %+q", h, s)
		}
	}
	if got.Skeleton != "" && !got.Same(got) {
		t.Fatalf("Normalize(%+q) not Same as itself", h)
	}
	if again := n.Normalize(h); again.Explain() != got.Explain() {
		t.Fatalf("Normalize(%+q) not deterministic", h)
	}
	if (got.Skeleton == "") != (len(got.Parts) == 0 || strings.Join(got.Parts, "") == "") && got.Skeleton == "" {
		t.Fatalf("Normalize(%+q): parts %q but empty skeleton", h, got.Parts)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, h := range readHandles(f) {
		f.Add(h)
	}
	n, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, h string) { checkHandle(t, n, h) })
}

func TestConcurrent(t *testing.T) {
	n, err := New()
	require.NoError(t, err)
	hs := readHandles(t)
	want := make([]string, len(hs))
	for i, h := range hs {
		want[i] = n.Normalize(h).Explain()
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 10; r++ {
				for i, h := range hs {
					if got := n.Normalize(h).Explain(); got != want[i] {
						t.Errorf("concurrent Normalize(%+q) = %s, want %s", h, got, want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkNormalize(b *testing.B) {
	n, err := New()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, in string }{
		{"plain", "ttp_official"},
		{"disguised", "T.T.P_0fficiaI2"},
		{"fused", "therealttpofficialpage"},
		{"arabic", "داعش_الرسمي"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.in)))
			b.ReportAllocs()
			for b.Loop() {
				_ = n.Normalize(bc.in)
			}
		})
	}
}
