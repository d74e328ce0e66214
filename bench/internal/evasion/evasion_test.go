package evasion

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Our own sample posts (not from the shared data).
var samples = []Input{
	{ID: "ur/1", Lang: "ur", Script: "arabic", Sentences: []string{
		"کل شام شہر کے بڑے بازار میں بہت رش تھا اور لوگ عید کی خریداری کر رہے تھے۔",
		"دکانداروں نے بتایا کہ اس سال قیمتیں 2023 کے مقابلے میں زیادہ ہیں۔",
		"بچوں کے کپڑوں کی دکانوں پر سب سے زیادہ بھیڑ دیکھی گئی۔"},
		Hosts: []string{"موسم خوشگوار رہا اور ہلکی بارش بھی ہوئی۔", "کھیل کے میدان میں نوجوانوں نے کرکٹ کھیلی۔"}},
	{ID: "ar/1", Lang: "ar", Script: "arabic", Sentences: []string{
		"افتتحت البلدية حديقة جديدة في وسط المدينة يوم الخميس الماضي.",
		"وقال المسؤولون إن الحديقة تضم ملعبا للأطفال ومكتبة صغيرة مفتوحة للجميع."},
		Hosts: []string{"ارتفعت درجات الحرارة في معظم المناطق هذا الأسبوع.", "يبدأ العام الدراسي الجديد في شهر سبتمبر."}},
	{ID: "en/1", Lang: "en", Script: "latin", Sentences: []string{
		"The city council opened a new public library near the river on Thursday.",
		"Officials said the building has space for 3000 books and a small cafe.",
		"Children from five schools visited it in the first week."},
		Hosts: []string{"Rain is expected across the region later this week.", "The local football club won its third match in a row."}},
	{ID: "roman_ur/1", Lang: "roman_ur", Script: "latin", Sentences: []string{
		"aaj bazar mein bohat rush tha aur log eid ki shopping kar rahe thay",
		"dukandaron ne kaha ke is saal cheezen bohat mehngi hain yaar"},
		Hosts: []string{"kal barish hui thi aur mausam acha tha", "cricket match dekhne sab log gaye thay"}},
}

func apply(t *testing.T, name string, in Input) (Output, bool) {
	t.Helper()
	tq, ok := Lookup(name)
	if !ok {
		t.Fatalf("Lookup(%q) failed", name)
	}
	out, err := Apply(tq, 7, in)
	if errors.Is(err, ErrNotApplicable) {
		return out, false
	}
	if err != nil {
		t.Fatalf("Apply(%s, %s): %v", name, in.ID, err)
	}
	if out.Text == in.text() && name != "identity" {
		t.Errorf("Apply(%s, %s) left the text unchanged without ErrNotApplicable", name, in.ID)
	}
	return out, true
}

func (in Input) text() string { return strings.Join(in.Sentences, " ") }

func dropRunes(s string, drop func(rune) bool) string {
	return strings.Map(func(r rune) rune {
		if drop(r) {
			return -1
		}
		return r
	}, s)
}

func TestEveryTechniqueAppliesSomewhere(t *testing.T) {
	for _, tq := range Techniques() {
		n := 0
		for _, in := range samples {
			if _, err := Apply(tq, 7, in); err == nil {
				n++
			} else if !errors.Is(err, ErrNotApplicable) {
				t.Errorf("Apply(%s, %s): %v", tq.Name, in.ID, err)
			}
		}
		if n == 0 {
			t.Errorf("technique %s applied to none of the samples", tq.Name)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, in := range samples {
		for _, tq := range append(Techniques(), Combinations(in.Script)...) {
			a, errA := Apply(tq, 42, in)
			b, errB := Apply(tq, 42, in)
			if a != b || (errA == nil) != (errB == nil) {
				t.Errorf("Apply(%s, %s) not deterministic: %+q vs %+q", tq.Name, in.ID, a.Text, b.Text)
			}
		}
	}
}

func TestSeedChangesOutput(t *testing.T) {
	in := samples[2]
	tq, _ := Lookup("homoglyph")
	a, _ := Apply(tq, 1, in)
	b, _ := Apply(tq, 2, in)
	if a.Text == b.Text {
		t.Errorf("homoglyph with seeds 1 and 2 gave the same output %+q", a.Text)
	}
}

func TestInvisibleInsertsOnlyDocumentedSet(t *testing.T) {
	for _, in := range samples {
		out, ok := apply(t, "invisible", in)
		if !ok {
			t.Fatalf("invisible did not apply to %s", in.ID)
		}
		got := dropRunes(out.Text, func(r rune) bool { return slices.Contains(InvisibleChars, r) })
		if got != in.text() {
			t.Errorf("invisible(%s) minus the documented set = %+q, want the original %+q", in.ID, got, in.text())
		}
	}
}

func TestHarakatInsertsOnlyMarks(t *testing.T) {
	for _, in := range samples {
		out, ok := apply(t, "harakat", in)
		if !ok {
			t.Fatalf("harakat did not apply to %s", in.ID)
		}
		set := Harakat
		if in.Script == "latin" {
			set = LatinMarks
		}
		if got := dropRunes(out.Text, func(r rune) bool { return slices.Contains(set, r) }); got != in.text() {
			t.Errorf("harakat(%s) minus marks = %+q, want %+q", in.ID, got, in.text())
		}
	}
}

func TestTatweelInsertsOnlyTatweel(t *testing.T) {
	for _, in := range samples[:2] {
		out, ok := apply(t, "tatweel", in)
		if !ok {
			t.Fatalf("tatweel did not apply to %s", in.ID)
		}
		if got := dropRunes(out.Text, func(r rune) bool { return r == Tatweel }); got != in.text() {
			t.Errorf("tatweel(%s) minus U+0640 = %+q, want %+q", in.ID, got, in.text())
		}
		if strings.HasPrefix(out.Text, string(Tatweel)) || strings.Contains(out.Text, " "+string(Tatweel)) {
			t.Errorf("tatweel(%s) put a tatweel at a word start: %+q", in.ID, out.Text)
		}
	}
	if _, ok := apply(t, "tatweel", samples[2]); ok {
		t.Errorf("tatweel applied to Latin text")
	}
}

func TestKeyboardSwapsOnlyMappedLetters(t *testing.T) {
	for _, in := range samples[:2] {
		out, ok := apply(t, "keyboard", in)
		if !ok {
			t.Fatalf("keyboard did not apply to %s", in.ID)
		}
		a, b := []rune(in.text()), []rune(out.Text)
		if len(a) != len(b) {
			t.Fatalf("keyboard(%s) changed the length", in.ID)
		}
		for i := range a {
			if a[i] != b[i] && Keyboard[in.Lang][a[i]] != b[i] && !(a[i] == 'ی' && b[i] == 'ے') {
				t.Errorf("keyboard(%s): %q -> %q is not in the table", in.ID, a[i], b[i])
			}
		}
	}
}

func TestCompatibilityFormsFoldBackUnderNFKC(t *testing.T) {
	for _, name := range []string{"presentation", "fullwidth"} {
		for _, in := range samples {
			out, ok := apply(t, name, in)
			if !ok {
				continue
			}
			if got, want := norm.NFKC.String(out.Text), norm.NFKC.String(in.text()); got != want {
				t.Errorf("NFKC(%s(%s)) = %+q, want NFKC(original) %+q", name, in.ID, got, want)
			}
		}
	}
}

func TestPresentationUsesPresentationBlock(t *testing.T) {
	in := samples[0]
	out, _ := apply(t, "presentation", in)
	n := 0
	for _, r := range out.Text {
		if r >= 0xFB50 && r <= 0xFEFF {
			n++
		} else if r >= 0x0620 && r <= 0x064A && r != 0x0640 {
			t.Errorf("presentation(%s) kept base letter %q", in.ID, r)
		}
	}
	if n == 0 {
		t.Errorf("presentation(%s) produced no presentation forms", in.ID)
	}
}

func TestDigitsKeepValues(t *testing.T) {
	for _, in := range []Input{samples[0], samples[2]} {
		out, ok := apply(t, "digits", in)
		if !ok {
			t.Fatalf("digits did not apply to %s", in.ID)
		}
		a, b := []rune(in.text()), []rune(out.Text)
		if len(a) != len(b) {
			t.Fatalf("digits(%s) changed the length", in.ID)
		}
		for i := range a {
			va, okA := digitValue(a[i])
			vb, okB := digitValue(b[i])
			switch {
			case okA != okB, okA && va != vb:
				t.Errorf("digits(%s): %q -> %q", in.ID, a[i], b[i])
			case !okA && a[i] != b[i]:
				t.Errorf("digits(%s) changed non-digit %q -> %q", in.ID, a[i], b[i])
			case okA && a[i] == b[i]:
				t.Errorf("digits(%s) left digit %q in its script", in.ID, a[i])
			}
		}
	}
	if _, ok := apply(t, "digits", samples[3]); ok {
		t.Errorf("digits applied to a post without digits")
	}
}

func TestHomoglyphAndLeetPerRune(t *testing.T) {
	for _, in := range samples[2:] {
		for _, name := range []string{"homoglyph", "leet"} {
			out, ok := apply(t, name, in)
			if !ok {
				t.Fatalf("%s did not apply to %s", name, in.ID)
			}
			a, b := []rune(in.text()), []rune(out.Text)
			if len(a) != len(b) {
				t.Fatalf("%s(%s) changed the length", name, in.ID)
			}
			for i := range a {
				if a[i] == b[i] {
					continue
				}
				switch name {
				case "homoglyph":
					if !slices.Contains(Homoglyphs[a[i]], b[i]) {
						t.Errorf("homoglyph: %q -> %q not in table", a[i], b[i])
					}
					if b[i] < 0x370 || b[i] > 0x4FF {
						t.Errorf("homoglyph: %q is not Greek or Cyrillic", b[i])
					}
				case "leet":
					if !slices.Contains(Leet[unicode.ToLower(a[i])], string(b[i])) {
						t.Errorf("leet: %q -> %q not in table", a[i], b[i])
					}
				}
			}
		}
	}
}

func TestSpacedRepeatCasePunctKeepLetters(t *testing.T) {
	sep := func(r rune) bool {
		return r == ' ' || strings.ContainsRune(".-_*·", r) || slices.Contains(Punctuation, string(r))
	}
	dedup := func(s string) string {
		var b []rune
		for _, r := range s {
			if len(b) == 0 || b[len(b)-1] != r {
				b = append(b, r)
			}
		}
		return string(b)
	}
	for _, in := range samples {
		if out, ok := apply(t, "spaced", in); ok {
			if dropRunes(out.Text, sep) != dropRunes(in.text(), sep) {
				t.Errorf("spaced(%s) changed letters: %+q", in.ID, out.Text)
			}
		}
		if out, ok := apply(t, "repeat", in); ok {
			if dedup(out.Text) != dedup(in.text()) || len(out.Text) <= len(in.text()) {
				t.Errorf("repeat(%s) did more than repeat letters: %+q", in.ID, out.Text)
			}
		}
		if out, ok := apply(t, "casepunct", in); ok {
			if !strings.EqualFold(dropRunes(out.Text, sep), dropRunes(in.text(), sep)) {
				t.Errorf("casepunct(%s) changed letters: %+q", in.ID, out.Text)
			}
		}
	}
}

func TestWordEditJaccardBand(t *testing.T) {
	for _, in := range samples {
		out, ok := apply(t, "wordedit", in)
		if !ok {
			continue
		}
		if out.Jaccard < 0.5 || out.Jaccard > 0.7 {
			t.Errorf("wordedit(%s) Jaccard = %.3f, want in [0.5, 0.7]", in.ID, out.Jaccard)
		}
	}
}

func TestReorderPermutesSentences(t *testing.T) {
	for _, in := range samples {
		out, ok := apply(t, "reorder", in)
		if !ok {
			t.Fatalf("reorder did not apply to %s", in.ID)
		}
		for _, s := range in.Sentences {
			if !strings.Contains(out.Text, s) {
				t.Errorf("reorder(%s) lost sentence %+q", in.ID, s)
			}
		}
		if len(out.Text) != len(in.text()) {
			t.Errorf("reorder(%s) changed the length", in.ID)
		}
	}
}

func TestQuoteEmbedsLongPassage(t *testing.T) {
	for _, in := range samples {
		out, ok := apply(t, "quote", in)
		if !ok {
			t.Fatalf("quote did not apply to %s", in.ID)
		}
		if out.QuoteFrac < 0.6 {
			t.Errorf("quote(%s) quoted %.2f of the item, want >= 0.6", in.ID, out.QuoteFrac)
		}
		quoted := out.QuoteFrac * float64(len(strings.Fields(in.text())))
		if got := float64(len(strings.Fields(out.Text))); got < 1.4*quoted {
			t.Errorf("quote(%s): post of %v words around a %v-word passage, want >= 1.4x", in.ID, got, quoted)
		}
	}
}

func TestArabiziLeavesNoArabicLetters(t *testing.T) {
	for _, in := range samples[:2] {
		out, ok := apply(t, "arabizi", in)
		if !ok {
			t.Fatalf("arabizi did not apply to %s", in.ID)
		}
		for _, r := range out.Text {
			if isArabicLetter(r) {
				t.Errorf("arabizi(%s) kept %q", in.ID, r)
			}
		}
	}
}

func TestCombinationsApply(t *testing.T) {
	for _, in := range samples {
		for _, tq := range Combinations(in.Script) {
			for _, s := range tq.Steps() {
				if _, ok := Lookup(s); !ok {
					t.Errorf("combination %s names unknown step %s", tq.Name, s)
				}
			}
			out, err := Apply(tq, 3, in)
			if err != nil {
				t.Errorf("Apply(%s, %s): %v", tq.Name, in.ID, err)
				continue
			}
			if out.Text == in.text() {
				t.Errorf("Apply(%s, %s) changed nothing", tq.Name, in.ID)
			}
		}
	}
}

func TestScriptRestrictions(t *testing.T) {
	for _, name := range []string{"homoglyph", "leet"} {
		if _, ok := apply(t, name, samples[0]); ok {
			t.Errorf("%s applied to Arabic-script text", name)
		}
	}
	for _, name := range []string{"keyboard", "arabizi"} {
		if _, ok := apply(t, name, samples[2]); ok {
			t.Errorf("%s applied to Latin text", name)
		}
	}
}

func FuzzApply(f *testing.F) {
	for _, in := range samples {
		f.Add(in.text(), in.Script == "latin", uint64(1))
	}
	f.Add("", false, uint64(0))
	f.Add("\xff\xfe bad utf8 ﻻ", true, uint64(9))
	f.Fuzz(func(t *testing.T, text string, latin bool, seed uint64) {
		in := Input{ID: "fuzz", Lang: "ur", Script: "arabic", Sentences: strings.Split(text, "\n"), Hosts: []string{"host words for quoting here"}}
		if latin {
			in.Lang, in.Script = "en", "latin"
		}
		for _, tq := range append(Techniques(), Combinations(in.Script)...) {
			out, err := Apply(tq, seed, in)
			if err != nil && !errors.Is(err, ErrNotApplicable) {
				t.Fatalf("Apply(%s, %+q): %v", tq.Name, text, err)
			}
			if err == nil && (out.Jaccard < 0 || out.Jaccard > 1) {
				t.Fatalf("Apply(%s, %+q): Jaccard %v", tq.Name, text, out.Jaccard)
			}
		}
	})
}
