package namekey

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

	"github.com/gharbal/gharbal/normalize"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// readNames returns the non-comment lines of testdata/names.txt.
func readNames(t testing.TB) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "names.txt"))
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		out = append(out, sc.Text())
	}
	require.NoError(t, sc.Err())
	return out
}

// TestGolden pins the output of version 1 for every name in
// testdata/names.txt. A change here without a Version bump is a bug.
func TestGolden(t *testing.T) {
	for _, g := range []struct {
		file string
		opts []Option
	}{
		{fmt.Sprintf("golden_v%d.txt", Version), nil},
		{fmt.Sprintf("golden_v%d_trunc.txt", Version), []Option{WithTruncation(true)}},
	} {
		k, err := New(g.opts...)
		require.NoError(t, err)
		var b strings.Builder
		fmt.Fprintf(&b, "# %s\n", k.Params())
		for _, n := range readNames(t) {
			fmt.Fprintf(&b, "%q\t%s\n", n, k.Key(n))
		}
		golden := filepath.Join("testdata", g.file)
		if *update {
			require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err, "run go test -update to create %s", golden)
		// The Unicode version appears in the header; compare it too: a new
		// Unicode version may change NFKD and must be noticed.
		assert.Equal(t, string(want), b.String(), "keys differ from %s (bump Version and run -update if intended)", golden)
	}
}

func TestSameKey(t *testing.T) {
	k, err := New()
	require.NoError(t, err)
	groups := [][]string{
		{"mujahideen", "mujahidin", "moudjahidine", "muja7ideen", "مجاهدين", "مجاہدین", "mujahedeen", "مجاهدون"},
		{"Daesh", "Da'esh", "Daech", "Da3esh", "داعش", "Daish", "Daesch", "ﺩﺍﻋﺶ", "د\u200cاعـــش", "Dāʿish"},
		{"Tehreek-e-Taliban", "Tehrik-i-Taliban", "تحریک طالبان", "tehreek e taliban", "Tahrik-e-Taleban", "تحريك طالبان", "تحریکِ طالبان"},
		{"Lashkar-e-Taiba", "Lashkar-e-Toiba", "Lashkar-i-Tayyiba", "لشکر طیبہ", "لشكر طيبة"},
		{"Al-Qaeda", "al-Qaida", "Al Qa'ida", "Alqaeda", "al-Qa3ida", "القاعدة", "القاعده"},
		{"Khorasan", "Khurasan", "Xorasan", "Khorassan", "خراسان", "خوراسان"},
		{"Usman", "Uthman", "Osman", "Othman", "عثمان"},
		{"Jamaat-ul-Ahrar", "Jamat ul Ahrar", "Jama'at al-Ahrar", "جماعت الاحرار", "جماعة الأحرار"},
		{"TTP", "ТТР", "𝐓𝐓𝐏", "ＴＴＰ", "ttp"},
		{"jihad", "jіhаd", "jehad", "جهاد"},
	}
	for _, g := range groups {
		first := k.Key(g[0])
		for _, n := range g[1:] {
			assert.True(t, first.Matches(k.Key(n)), "Key(%+q) = %v does not match Key(%+q) = %v", g[0], first, n, k.Key(n))
		}
	}
}

func TestDifferentKey(t *testing.T) {
	k, err := New()
	require.NoError(t, err)
	for _, p := range [][2]string{
		{"Tehreek-e-Taliban", "Tehreek-e-Insaf"},
		{"Daesh", "Dawood"},
		{"mujahideen", "muhajir"},
		{"Lashkar-e-Taiba", "Lashkar-e-Jhangvi"},
		{"Hamas", "Hamza"},
		{"", ""},
		{"---", "..."},
	} {
		a, b := k.Key(p[0]), k.Key(p[1])
		assert.False(t, a.Matches(b), "Key(%+q) = %v matches Key(%+q) = %v", p[0], a, p[1], b)
	}
}

func TestOptions(t *testing.T) {
	for _, n := range []int{0, -1, 65} {
		_, err := New(WithMaxAlternatives(n))
		assert.True(t, errors.Is(err, ErrInvalidOption), "New(WithMaxAlternatives(%d)) error = %v, want ErrInvalidOption", n, err)
	}
	_, err := New(nil)
	assert.ErrorIs(t, err, ErrInvalidOption, "New(nil)")
	k, err := New(WithMaxAlternatives(1))
	require.NoError(t, err)
	got := k.Key("Uthman Daech")
	assert.Empty(t, got.Alternatives, "WithMaxAlternatives(1).Key(Uthman Daech) = %v", got)
	assert.Equal(t, 1, k.Params().MaxAlternatives)
	tr, err := New(WithTruncation(true))
	require.NoError(t, err)
	assert.Equal(t, "BKSTN {BKST, BKST+}", tr.Key("Pakistan").String())
	assert.Equal(t, "BKSTN", k.Key("Pakistan").String(), "WithMaxAlternatives(1) has no room for truncation")
	assert.True(t, tr.Params().Truncation)
	assert.Equal(t, "namekey/v1 alt=4 trunc unicode="+tr.Params().UnicodeVersion, tr.Params().String())
}

// TestBounds checks the alternative bound, the token bound and that long or
// broken input is handled without panics.
func TestBounds(t *testing.T) {
	for _, n := range []int{1, 2, 4, 8} {
		k, err := New(WithMaxAlternatives(n))
		require.NoError(t, err)
		name := strings.Repeat("Uthman Daech Dhuthath ", 20)
		got := k.Key(name)
		assert.LessOrEqual(t, len(got.All()), min(64, n*MaxTokens), "alt=%d Key(long) = %v", n, got)
		assert.Len(t, k.Key("Uthman").All(), min(n, 4), "alt=%d Key(Uthman)", n)
		assert.LessOrEqual(t, len(k.Tokens(name)), MaxTokens)
		for _, tk := range k.Tokens(name) {
			assert.LessOrEqual(t, len(tk.All()), n)
		}
	}
	k, _ := New()
	assert.Equal(t, Key{}, k.Key("\xff\xfe"), "invalid UTF-8")
	huge := strings.Repeat("ث", 10000)
	assert.LessOrEqual(t, len(k.Key(huge).Primary), maxTokenRunes+2)
}

func checkKey(t *testing.T, k *Keyer, name string) {
	// ranges are in order; two tokens overlap only when one input rune
	// expands to both (¼ → 1⁄4)
	prevStart, prevEnd := 0, 0
	for _, tk := range k.TextTokens(name) {
		if tk.Start < prevStart || tk.End < prevEnd || tk.End <= tk.Start || tk.End > len(name) || tk.Key.Primary == "" ||
			tk.Start < prevEnd && utf8.RuneCountInString(name[tk.Start:prevEnd]) > 1 {
			t.Fatalf("TextTokens(%+q): token %+v out of order or range", name, tk)
		}
		prevStart, prevEnd = tk.Start, tk.End
	}
	key := k.Key(name)
	all := key.All()
	if key.Primary == "" {
		if len(key.Alternatives) != 0 {
			t.Fatalf("Key(%+q) = %v: alternatives without a primary", name, key)
		}
		return
	}
	if bound := min(64, k.Params().MaxAlternatives*max(1, len(k.Tokens(name)))); len(all) > bound {
		t.Fatalf("Key(%+q) = %v: %d keys, bound %d", name, key, len(all), bound)
	}
	seen := map[string]bool{}
	for _, s := range all {
		if seen[s] {
			t.Fatalf("Key(%+q) = %v: duplicate %q", name, key, s)
		}
		seen[s] = true
		if !utf8.ValidString(s) || strings.Trim(s, "ABCDFGJKLMNRSTZ0123456789 +") != "" || strings.Contains(s, "  ") ||
			strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
			t.Fatalf("Key(%+q) = %v: %q outside the key alphabet", name, key, s)
		}
	}
	if !key.Matches(key) {
		t.Fatalf("Key(%+q) = %v does not match itself", name, key)
	}
	if again := k.Key(name); again.String() != key.String() {
		t.Fatalf("Key(%+q) not deterministic: %v then %v", name, key, again)
	}
	ascii := true
	for i := 0; i < len(name); i++ {
		ascii = ascii && name[i] < 0x80
	}
	if ascii {
		if up := k.Key(strings.ToUpper(name)); up.String() != key.String() {
			t.Fatalf("Key(%+q) = %v, Key(upper) = %v: case changed the key", name, key, up)
		}
	}
	// Format characters (ZWNJ, ZWJ) and tatweel between runes change nothing.
	var b strings.Builder
	for _, r := range name {
		b.WriteRune(r)
		b.WriteRune('\u200c')
	}
	if len(name) <= MaxInputBytes/4 {
		if z := k.Key(b.String()); z.String() != key.String() {
			t.Fatalf("Key(%+q) = %v, with ZWNJ inserted %v", name, key, z)
		}
	}
	var prim []string
	for _, tk := range k.Tokens(name) {
		prim = append(prim, tk.Primary)
	}
	if strings.Join(prim, " ") != key.Primary {
		t.Fatalf("Key(%+q).Primary = %q, tokens give %q", name, key.Primary, strings.Join(prim, " "))
	}
}

func FuzzKey(f *testing.F) {
	for _, n := range readNames(f) {
		f.Add(n)
	}
	k, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name string) {
		checkKey(t, k, name)
	})
}

func TestKeyProperties(t *testing.T) {
	k, err := New()
	require.NoError(t, err)
	for _, n := range readNames(t) {
		checkKey(t, k, n)
	}
}

// TestConcurrent backs the claim that a Keyer is safe for concurrent use.
func TestConcurrent(t *testing.T) {
	k, err := New()
	require.NoError(t, err)
	names := readNames(t)
	want := make([]string, len(names))
	for i, n := range names {
		want[i] = k.Key(n).String()
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 20; r++ {
				for i, n := range names {
					if got := k.Key(n).String(); got != want[i] {
						t.Errorf("concurrent Key(%+q) = %s, want %s", n, got, want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkKey(b *testing.B) {
	k, err := New()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, in string }{
		{"latin", "Tehreek-e-Taliban Pakistan"},
		{"arabizi", "muja7ideen Da3esh"},
		{"urdu", "تحریک طالبان پاکستان"},
		{"arabic", "جماعة الأحرار"},
		{"ambiguous", "Uthman Daech Dhul"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.in)))
			b.ReportAllocs()
			for b.Loop() {
				_ = k.Key(bc.in)
			}
		})
	}
}

func TestMatchesNoAlloc(t *testing.T) {
	k, err := New()
	require.NoError(t, err)
	a, b := k.Key("Uthman Daech"), k.Key("عثمان داعش")
	require.True(t, a.Matches(b))
	require.True(t, b.Matches(a), "Matches is symmetric")
	allocs := testing.AllocsPerRun(100, func() { _ = a.Matches(b) })
	assert.Zero(t, allocs, "Key.Matches allocations")
	ta, tb := k.Tokens("Lashkar-e-Taiba Uthman Daech"), k.Tokens("لشكر طيبة عثمان داعش")
	assert.True(t, MatchTokens(ta, tb), "MatchTokens(%v, %v)", ta, tb)
	assert.False(t, MatchTokens(ta, tb[:2]))
	assert.False(t, MatchTokens(nil, nil))
}

// BenchmarkBaseline is the reference for BenchmarkKey: the Aggressive text
// normalizer of package normalize on the same names.
func BenchmarkBaseline(b *testing.B) {
	p, err := normalize.New(normalize.Aggressive, language.Und)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, in string }{
		{"latin", "Tehreek-e-Taliban Pakistan"},
		{"urdu", "تحریک طالبان پاکستان"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.in)))
			b.ReportAllocs()
			var dst []byte
			for b.Loop() {
				dst = p.Append(dst[:0], []byte(bc.in))
			}
		})
	}
}

func TestTextTokens(t *testing.T) {
	k, err := New()
	if err != nil {
		t.Fatal(err)
	}
	text := "Tehreek-e-Taliban ne کہا: تحریک طالبان\xff zindabad!"
	got := k.TextTokens(text)
	var words []string
	for _, tk := range got {
		if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
			t.Fatalf("token %+v: bad range for a %d-byte text", tk, len(text))
		}
		words = append(words, text[tk.Start:tk.End]+"="+tk.Key.Primary)
	}
	want := []string{"Tehreek=TRK", "Taliban=TLBN", "ne=NA", "کہا=KA", "تحریک=TRK", "طالبان=TLBN", "zindabad=ZNDBD"}
	if strings.Join(words, " ") != strings.Join(want, " ") {
		t.Errorf("TextTokens(%q) = %q, want %q", text, words, want)
	}
	// the same keys as Tokens on a short name
	name := "Mujahideen-e-Khalq"
	tt := k.TextTokens(name)
	tk := k.Tokens(name)
	if len(tt) != len(tk) {
		t.Fatalf("TextTokens(%q) has %d tokens, Tokens %d", name, len(tt), len(tk))
	}
	for i := range tt {
		if tt[i].Key.String() != tk[i].String() {
			t.Errorf("token %d: TextTokens %v, Tokens %v", i, tt[i].Key, tk[i])
		}
	}
	// no bound on length
	long := strings.Repeat("taliban ", 1000)
	if n := len(k.TextTokens(long)); n != 1000 {
		t.Errorf("TextTokens of 1000 words: %d tokens", n)
	}
}

// TestPrimaryOnly: a Keyer limited to one reading (WithMaxAlternatives(1),
// which takes a faster path) gives the same primary keys as the default one.
func TestPrimaryOnly(t *testing.T) {
	def, err := New()
	require.NoError(t, err)
	one, err := New(WithMaxAlternatives(1))
	require.NoError(t, err)
	names := readNames(t)
	names = append(names, "Alamgir", "الیاس", "Wilayat", "Pakistan", "ثاقب ذاکر ضیاء ځای څنګه ښار ږغ", "Tehreek-e-Taliban 313", "")
	for _, n := range names {
		a, b := def.Key(n), one.Key(n)
		if a.Primary != b.Primary || len(b.Alternatives) != 0 {
			t.Errorf("Key(%+q): default %v, one reading %v", n, a, b)
		}
		ta, tb := def.TextTokens(n), one.TextTokens(n)
		if len(ta) != len(tb) {
			t.Fatalf("TextTokens(%+q): %d and %d tokens", n, len(ta), len(tb))
		}
		for i := range ta {
			if ta[i].Key.Primary != tb[i].Key.Primary || ta[i].Start != tb[i].Start || ta[i].End != tb[i].End {
				t.Errorf("TextTokens(%+q)[%d]: %+v and %+v", n, i, ta[i], tb[i])
			}
		}
	}
}

// BenchmarkTextTokens measures TextTokens on a 60-word Roman Urdu and a
// 60-word Urdu text (written for the benchmark), with one reading per token
// (as match/translit uses it) and with the default alternatives.
func BenchmarkTextTokens(b *testing.B) {
	texts := map[string]string{
		"roman": strings.Repeat("sarv kabhi nahin jhukta hamara qafila paharon ki taraf rawan hai aur har naujawan ", 4),
		"urdu":  strings.Repeat("سرو کبھی نہیں جھکتا ہمارا قافلہ پہاڑوں کی طرف رواں ہے اور ہر نوجوان ", 4),
	}
	for _, name := range []string{"roman", "urdu"} {
		for _, alts := range []int{1, DefaultMaxAlternatives} {
			b.Run(fmt.Sprintf("%s/alternatives=%d", name, alts), func(b *testing.B) {
				k, err := New(WithMaxAlternatives(alts))
				if err != nil {
					b.Fatal(err)
				}
				text := texts[name]
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					k.TextTokens(text)
				}
			})
		}
	}
}
