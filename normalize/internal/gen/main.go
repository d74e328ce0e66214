// Command gen generates normalize/tables.go: the per-rune tables of the three
// normalization levels, derived from the Unicode data of golang.org/x/text
// (norm, cases, runenames) and the standard library's unicode package, the
// UTS #39 confusables file, and the design tables of the research note
// (letter folds, rasm skeleton, punctuation) written below as data.
//
// Run it through go generate in the normalize directory:
//
//	go generate ./normalize
//
// It reads ../shared/data/unicode/confusables.txt (beside the repository) only
// at generate time; the generated Go file is committed.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

// Entry layout; keep in sync with normalize/table.go.
const (
	kKeep    = 0
	kDel     = 1
	kRune    = 2
	kStr     = 3
	kSpace   = 4
	kSpecial = 5
	kDelta   = 6

	fLetter     = 1 << 3
	fArabic     = 1 << 4
	fLatin      = 1 << 5
	fCompBase   = 1 << 6
	fSeg        = 1 << 7
	fPositional = 1 << 8
	fLeet       = 1 << 9
	fPunct      = 1 << 10

	payloadShift = 11

	delPlain   = 0
	delMark    = 1
	delCompose = 2
	delBreak   = 3
)

const (
	lvCanon = iota
	lvCons
	lvAggr
	numLevels
)

var levelNames = [numLevels]string{"canonical", "conservative", "aggressive"}

// densePages are the 256-rune BMP pages stored as dense arrays; all other
// runes are looked up in a sorted range list.
var densePages = []int{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x20, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF}

const zwnj = 0x200C

// ---- design data from research/normalize.md §2 (not derived from Unicode) ----

// phrases: table 2.2-A, pre-NFKC maps of ligatures without a decomposition.
var phrases = map[rune]string{
	0xFDFD: "بسم الله الرحمن الرحيم",
	0xFD40: "رحمه الله",
	0xFD41: "رضي الله عنه",
	0xFD42: "رضي الله عنها",
	0xFD43: "رضي الله عنهم",
	0xFD44: "رضي الله عنهما",
	0xFD45: "رضي الله عنهن",
	0xFD46: "صلى الله عليه وآله",
	0xFD47: "عليه السلام",
	0xFD48: "عليهم السلام",
	0xFD49: "عليهما السلام",
	0xFD4A: "عليه الصلاة والسلام",
	0xFD4B: "قدس سره",
	0xFD4C: "صلى الله عليه وآله وسلم",
	0xFD4D: "عليها السلام",
	0xFD4E: "تبارك وتعالى",
	0xFD4F: "رحمهم الله",
	0xFDCF: "سلامه علينا",
	0xFDFE: "سبحانه وتعالى",
	0xFDFF: "عز وجل",
}

// preDelete: presentation forms deleted before NFKC (they would become
// space+mark or tatweel+mark), and the spacing Arabic symbol dots.
func preDelete(r rune) bool {
	return r >= 0xFE70 && r <= 0xFE7F || r >= 0xFC5E && r <= 0xFC63 ||
		r >= 0xFCF2 && r <= 0xFCF4 || r >= 0xFBB2 && r <= 0xFBC2
}

// canonDelete: table 2.2 without the marks rows (deleted at every level).
func canonDelete(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85:
		return false // whitespace
	case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r),
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r),
		unicode.Is(unicode.Variation_Selector, r):
		return true
	case r == 0x0640, r == 0x2800, r == 0xFFFC, r == 0xFFFD, r == 0x034F,
		r >= 0x180B && r <= 0x180F, r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFFA0,
		r == 0x17B4, r == 0x17B5, r >= 0xE0000 && r <= 0xE007F, r >= 0x1D173 && r <= 0x1D17A,
		r >= 0xFFF9 && r <= 0xFFFB, r >= 0x0600 && r <= 0x0605, r == 0x0890, r == 0x0891,
		r == 0x061C, r == 0x06DD, r == 0x08E2:
		return true
	}
	return false
}

// markDelete: what the conservative level deletes beyond canonDelete.
func markDelete(r rune) bool {
	switch {
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r):
		return true
	case r == 0x06E5, r == 0x06E6, r == 0x08C9, r == 0x06DE, r == 0x06E9, r == 0x0674:
		return true
	}
	return false
}

// composeMarks: the marks of table 2.3-B.
var composePairs = []struct{ base, mark, out rune }{
	{0x062D, 0x0654, 0x0681}, {0x062D, 0x06DB, 0x0685}, {0x062D, 0x06EC, 0x062E},
	{0x062F, 0x06EC, 0x0630}, {0x0631, 0x06EC, 0x0632}, {0x0631, 0x06DB, 0x0698},
	{0x0633, 0x06DB, 0x0634}, {0x0635, 0x06EC, 0x0636}, {0x0639, 0x06EC, 0x063A},
	{0x06A1, 0x06EC, 0x0641}, {0x06BA, 0x06EC, 0x0646}, {0x066E, 0x065C, 0x0628},
	{0x062F, 0x0615, 0x0688}, {0x0631, 0x0615, 0x0691}, {0x06CC, 0x0654, 0x0626},
	{0x0647, 0x0654, 0x06C0},
}

func isComposeMark(r rune) bool {
	for _, p := range composePairs {
		if p.mark == r {
			return true
		}
	}
	return false
}

// arabicFold: table 2.3-A, conservative column.
func arabicFold(strict bool) map[rune]rune {
	m := map[rune]rune{}
	set := func(to rune, from ...rune) {
		for _, f := range from {
			m[f] = to
		}
	}
	if strict {
		set(0x064A, 0x064A, 0x06CC, 0x0649, 0x0620, 0x063D, 0x063E, 0x063F, 0x06CE, 0x06D1, 0x0678)
	} else {
		set(0x064A, 0x064A, 0x06CC, 0x0649, 0x06D2, 0x06D0, 0x06CD, 0x0620, 0x063D, 0x063E, 0x063F, 0x06CE, 0x06D1, 0x0678)
	}
	set(0x0643, 0x06A9, 0x06AA, 0x063B, 0x063C)
	set(0x06AF, 0x06AB, 0x06B0, 0x06B2)
	set(0x0647, 0x06C1, 0x06D5, 0x06BE, 0x06FF, 0x0629, 0x06C3)
	set(0x0627, 0x0671, 0x0672, 0x0673, 0x0675)
	set(0x0648, 0x0676, 0x0677, 0x06C4, 0x06C5, 0x06C6, 0x06C7, 0x06C8, 0x06C9, 0x06CA, 0x06CB, 0x06CF)
	set(0x0679, 0x067C, 0x067A)
	set(0x0688, 0x0689, 0x068A, 0x068B, 0x068C, 0x068D, 0x068E, 0x068F, 0x0690)
	set(0x0691, 0x0693, 0x0692, 0x0695)
	set(0x0646, 0x06BA, 0x06BC, 0x06BB)
	set(0x0628, 0x066E)
	set(0x0642, 0x066F)
	set(0x0641, 0x06A1)
	delete(m, 0x064A)
	return m
}

// rasm: the aggressive skeleton of table 2.3-A (positional letters ن ي ق are
// resolved at run time by position).
func rasmFold() map[rune]rune {
	m := map[rune]rune{}
	set := func(to rune, from ...rune) {
		for _, f := range from {
			m[f] = to
		}
	}
	set(0x066E, 0x0628, 0x062A, 0x062B, 0x067E, 0x0679, 0x067B, 0x067A, 0x067C)
	set(0x062D, 0x062C, 0x062E, 0x0686, 0x0681, 0x0685, 0x0683, 0x0687)
	set(0x062F, 0x0630, 0x0688)
	set(0x0631, 0x0632, 0x0698, 0x0691, 0x0696)
	set(0x0633, 0x0634, 0x069A)
	set(0x0635, 0x0636)
	set(0x0637, 0x0638)
	set(0x0639, 0x063A)
	set(0x06A1, 0x0641, 0x06A4)
	set(0x0643, 0x06AF, 0x06AD, 0x06B1, 0x06B3, 0x06B4)
	return m
}

// punct: table 2.4 (conservative).
var punct = map[rune]string{
	0x060C: ",", 0x066C: ",", 0x060D: ",", 0x061B: ";", 0x061F: "?", 0x061E: "...",
	0x06D4: ".", 0x066B: ".", 0x066A: "%", 0x066D: "*", 0x00AB: "\"", 0x00BB: "\"",
	0x201C: "\"", 0x201D: "\"", 0x201E: "\"", 0x201F: "\"",
	0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0x2015: "-",
	0x2212: "-", 0xFE58: "-", 0x0609: "%", 0x060A: "%", 0xFD3E: "(", 0xFD3F: ")",
}

// leet: table 2.5 (aggressive, inside tokens with a Latin letter).
var leet = map[rune]rune{
	'0': 'o', '1': 'i', '2': 'z', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
	'@': 'a', '$': 's', '!': 'i', '|': 'i', '+': 't', '€': 'e',
}

// ilClass is the one letter the Aggressive level writes for i and l (and so
// for 1, | and their look-alikes): leetspeak writes both as 1, so the visual
// skeleton merges them, as the rasm skeleton merges dotted Arabic letters.
const ilClass = 'i'

// homoglyphFallback: the key set of research §2.5, used where the UTS #39
// prototype does not end in ASCII.
var homoglyphFallback = map[rune]string{
	'а': "a", 'е': "e", 'о': "o", 'р': "p", 'с': "c", 'у': "y", 'х': "x", 'і': "i", 'ј': "j",
	'ѕ': "s", 'ԁ': "d", 'һ': "h", 'ԛ': "q", 'ԝ': "w", 'ӏ': "l", 'к': "k", 'м': "m", 'т': "t",
	'в': "b", 'н': "h", 'α': "a", 'ο': "o", 'ρ': "p", 'ν': "v", 'ι': "i", 'κ': "k", 'τ': "t",
	'υ': "u", 'χ': "x", 'ε': "e",
}

// latinNamed: Latin letters without a decomposition, by name (§2.5).
var latinNamed = map[string]string{
	"AE": "ae", "OE": "oe", "THORN": "th", "ETH": "d", "ENG": "n", "DOTLESS I": "i", "DOTLESS J": "j",
}

// ---- derived data ----

var (
	foldCaser = cases.Fold()
	arFold    = arabicFold(false)
	arFoldS   = arabicFold(true)
	rasm      = rasmFold()
	nameFold  = map[rune]string{} // Arabic Supplement/Extended family -> base letter (conservative)
	latinFold = map[rune]string{} // Latin letters "X WITH ..." without decomposition -> x
	aggrMap   = map[rune]string{} // small caps, negative circled/squared, regional indicators, confusables
	confusMap = map[rune][]rune{}
)

func isArabicRange(r rune) bool {
	return r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0x0870 && r <= 0x08FF ||
		r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF || r >= 0x1EE00 && r <= 0x1EEFF
}

func buildNamed() {
	byName := map[string]rune{}
	for r := rune(0); r <= 0x1FFFF; r++ {
		if n := runenames.Name(r); n != "" {
			byName[n] = r
		}
	}
	for r := rune(0); r <= 0x1FFFF; r++ {
		n := runenames.Name(r)
		if n == "" {
			continue
		}
		// Arabic Supplement and Extended-A/B letters fold to their family's base letter.
		if (r >= 0x0750 && r <= 0x077F || r >= 0x0870 && r <= 0x088E || r >= 0x08A0 && r <= 0x08C8) && unicode.IsLetter(r) {
			if i := strings.Index(n, " WITH "); i > 0 && strings.HasPrefix(n, "ARABIC LETTER ") {
				if b, ok := byName[n[:i]]; ok {
					nameFold[r] = string(b)
				}
			}
		}
		if unicode.Is(unicode.Latin, r) && unicode.IsLower(r) && r > 0x7F {
			if len(norm.NFD.String(string(r))) == utf8.RuneLen(r) {
				if rest, ok := strings.CutPrefix(n, "LATIN SMALL LIGATURE "); ok && asciiUpper(rest) {
					latinFold[r] = strings.ToLower(rest)
				}
				rest, ok := strings.CutPrefix(n, "LATIN SMALL LETTER ")
				if ok {
					if i := strings.Index(rest, " WITH "); i == 1 {
						latinFold[r] = strings.ToLower(rest[:1])
					} else if s, ok := latinNamed[rest]; ok {
						latinFold[r] = s
					}
				}
			}
		}
		for _, pre := range []string{"LATIN LETTER SMALL CAPITAL ", "NEGATIVE CIRCLED LATIN CAPITAL LETTER ",
			"NEGATIVE SQUARED LATIN CAPITAL LETTER ", "REGIONAL INDICATOR SYMBOL LETTER ", "MODIFIER LETTER SMALL CAPITAL "} {
			if rest, ok := strings.CutPrefix(n, pre); ok && len(rest) == 1 && rest[0] >= 'A' && rest[0] <= 'Z' {
				aggrMap[r] = strings.ToLower(rest)
			}
		}
	}
}

func readConfusables(path string) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatalf("gen: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		parts := strings.Split(line, ";")
		if len(parts) < 2 {
			continue
		}
		src := strings.Fields(parts[0])
		if len(src) != 1 {
			continue
		}
		s, err := strconv.ParseUint(src[0], 16, 32)
		if err != nil {
			log.Fatalf("gen: confusables: %q: %v", line, err)
		}
		var tgt []rune
		for _, h := range strings.Fields(parts[1]) {
			t, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				log.Fatalf("gen: confusables: %q: %v", line, err)
			}
			tgt = append(tgt, rune(t))
		}
		confusMap[rune(s)] = tgt
	}
	if err := sc.Err(); err != nil {
		log.Fatalf("gen: %v", err)
	}
	if len(confusMap) < 6000 {
		log.Fatalf("gen: confusables: only %d mappings read", len(confusMap))
	}
}

func asciiLower(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// buildHomoglyphs maps non-Arabic, non-ASCII letters whose UTS #39 prototype
// normalizes (conservative + small caps) to 1-3 ASCII letters.
func buildHomoglyphs() {
	named := map[rune]string{} // the name-derived maps only, so that the order of insertion does not matter
	for r, s := range aggrMap {
		named[r] = s
	}
	keys := make([]rune, 0, len(confusMap))
	for r := range confusMap {
		keys = append(keys, r)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, r := range keys {
		tgt := confusMap[r]
		if r < 0x80 || isArabicRange(r) || !unicode.IsLetter(r) || unicode.Is(unicode.Han, r) {
			continue
		}
		if cons(string(r), false) != string(r) {
			continue // only conservative forms (lower case, no marks) reach this map
		}
		cr := r
		out := cons(string(tgt), false)
		var b strings.Builder
		for _, x := range out {
			if s, ok := named[x]; ok {
				b.WriteString(s)
			} else {
				b.WriteRune(x)
			}
		}
		s := b.String()
		if !asciiLower(s) || len(s) > 3 {
			if fb, ok := homoglyphFallback[cr]; ok {
				s = fb
			} else {
				continue
			}
		}
		if _, ok := aggrMap[cr]; !ok {
			aggrMap[cr] = s
		}
	}
	for r, s := range homoglyphFallback {
		if _, ok := aggrMap[r]; !ok {
			aggrMap[r] = s
		}
	}
	// Greek capitals: the conservative level folds case before the
	// look-alike map, so a capital look-alike (Η for H) arrives as its small
	// letter (η, whose own prototype is n). The capital's reading wins
	// unless the small letter has a reading of its own in the key set of
	// research §2.5 (ν → v, υ → u).
	for _, r := range keys {
		if r < 0x80 || !unicode.Is(unicode.Greek, r) || !unicode.IsUpper(r) {
			continue
		}
		tgt := confusMap[r]
		if len(tgt) != 1 || !(tgt[0] >= 'A' && tgt[0] <= 'Z' || tgt[0] >= 'a' && tgt[0] <= 'z') {
			continue
		}
		lr := []rune(cons(string(r), false))
		if len(lr) != 1 || lr[0] == r {
			continue
		}
		if fb, ok := homoglyphFallback[lr[0]]; ok {
			aggrMap[lr[0]] = fb
			continue
		}
		aggrMap[lr[0]] = strings.ToLower(string(tgt))
	}
}

func premap(r rune) (string, bool) {
	if s, ok := phrases[r]; ok {
		return s, true
	}
	if preDelete(r) {
		return "", true
	}
	return "", false
}

func mapRunes(s string, f func(r rune, b *strings.Builder)) string {
	var b strings.Builder
	for _, r := range s {
		f(r, &b)
	}
	return b.String()
}

func canon(s string) string {
	s = norm.NFKC.String(s)
	return mapRunes(s, func(r rune, b *strings.Builder) {
		switch {
		case canonDelete(r):
		case unicode.Is(unicode.White_Space, r) || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	})
}

func consOnce(s string, strict bool) string {
	s = norm.NFD.String(canon(s))
	s = mapRunes(s, func(r rune, b *strings.Builder) {
		if !markDelete(r) {
			b.WriteRune(r)
		}
	})
	s = mapRunes(s, func(r rune, b *strings.Builder) { b.WriteString(caseFold(r)) })
	s = norm.NFD.String(s)
	af := arFold
	if strict {
		af = arFoldS
	}
	s = mapRunes(s, func(r rune, b *strings.Builder) {
		switch {
		case markDelete(r) || canonDelete(r):
		case latinFold[r] != "":
			b.WriteString(latinFold[r])
		case nameFold[r] != "":
			b.WriteString(nameFold[r])
		default:
			if t, ok := af[r]; ok {
				b.WriteRune(t)
			} else if p, ok := punct[r]; ok {
				b.WriteString(p)
			} else if unicode.Is(unicode.Nd, r) {
				b.WriteByte(byte('0' + digitValue(r)))
			} else {
				b.WriteRune(r)
			}
		}
	})
	// the name fold may produce letters that fold again
	s = mapRunes(s, func(r rune, b *strings.Builder) {
		if t, ok := af[r]; ok {
			b.WriteRune(t)
		} else {
			b.WriteRune(r)
		}
	})
	return norm.NFC.String(s)
}

func digitValue(r rune) int {
	start := r
	for unicode.Is(unicode.Nd, start-1) {
		start--
	}
	return int(r-start) % 10
}

var consMemo [2]map[string]string

func cons(s string, strict bool) string {
	k := 0
	if strict {
		k = 1
	}
	if consMemo[k] == nil {
		consMemo[k] = map[string]string{}
	}
	if t, ok := consMemo[k][s]; ok {
		return t
	}
	t := consSlow(s, strict)
	consMemo[k][s] = t
	return t
}

func consSlow(s string, strict bool) string {
	for i := 0; i < 8; i++ {
		t := consOnce(s, strict)
		if t == s {
			return t
		}
		s = t
	}
	log.Fatalf("gen: conservative pipeline does not converge on %+q", s)
	return ""
}

func aggrOnce(s string) string {
	s = cons(s, false)
	return mapRunes(s, func(r rune, b *strings.Builder) {
		if apostrophe(r) {
			// deleted, not a word break: Da'esh, Daʿesh and Daesh meet
		} else if t, ok := aggrMap[r]; ok {
			b.WriteString(t)
		} else if r == 'l' {
			b.WriteRune(ilClass)
		} else if t, ok := rasm[r]; ok {
			b.WriteRune(t)
		} else if isPunct(r) && r != '@' && r != '!' {
			b.WriteByte(' ')
		} else {
			b.WriteRune(r)
		}
	})
}

var aggrMemo = map[string]string{}

func aggr(s string) string {
	if t, ok := aggrMemo[s]; ok {
		return t
	}
	t := aggrSlow(s)
	aggrMemo[s] = t
	return t
}

func aggrSlow(s string) string {
	for i := 0; i < 8; i++ {
		t := aggrOnce(s)
		if t == s {
			return t
		}
		s = t
	}
	log.Fatalf("gen: aggressive pipeline does not converge on %+q", s)
	return ""
}

// perRune is the table's output for r at level lv.
func perRune(lv int, r rune, strict bool) string {
	s := string(r)
	if p, ok := premap(r); ok {
		s = p
	} else if !utf8.ValidRune(r) {
		return ""
	} else if !canonDelete(r) && (!assigned(r) || unicode.Is(unicode.Co, r)) {
		return s
	}
	switch lv {
	case lvCanon:
		return canon(s)
	case lvCons:
		return cons(s, strict)
	default:
		return aggr(s)
	}
}

func outFlags(lv int, o rune) uint32 {
	var f uint32
	if unicode.IsLetter(o) {
		f |= fLetter
		if isArabicRange(o) {
			f |= fArabic
		}
		if unicode.Is(unicode.Latin, o) {
			f |= fLatin
		}
	}
	if !norm.NFC.PropertiesString(string(o)).BoundaryBefore() {
		f |= fSeg
	}
	if lv == lvAggr {
		if o == 0x0646 || o == 0x064A || o == 0x0642 {
			f |= fPositional
		}
		if _, ok := leet[o]; ok {
			f |= fLeet
		}
	}
	return f
}

type gen struct {
	strs    []string
	strIdx  map[string]int
	compose [numLevels]map[[2]rune]rune
}

func (g *gen) str(s string) int {
	if i, ok := g.strIdx[s]; ok {
		return i
	}
	g.strs = append(g.strs, s)
	g.strIdx[s] = len(g.strs) - 1
	return len(g.strs) - 1
}

// entry computes the table entry for r at level lv. delta entries are made by
// the range encoder, never here.
func (g *gen) entry(lv int, r rune, strict bool) uint32 {
	out := perRune(lv, r, strict)
	var e uint32
	switch {
	case r == zwnj:
		return kSpecial
	case out == "":
		p := uint32(delPlain)
		if lv != lvCanon && isComposeMark(r) {
			p = delCompose
		} else if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			p = delMark
		} else if lv == lvAggr && perRune(lvCons, r, false) != "" {
			// deleted here but kept by the conservative level (an
			// apostrophe): it separates runs of letters, as it does there
			p = delBreak
		}
		return kDel | p<<payloadShift
	case out == " ":
		if lv == lvAggr && softPunct(r) {
			return kSpace | fPunct
		}
		return kSpace
	case out == string(r):
		e = kKeep | outFlags(lv, r)
	case utf8.RuneCountInString(out) == 1:
		o, _ := utf8.DecodeRuneInString(out)
		e = kRune | outFlags(lv, o) | uint32(o)<<payloadShift
	default:
		e = kStr | uint32(g.str(out))<<payloadShift
		for _, o := range out {
			if outFlags(lv, o)&fSeg != 0 {
				e |= fSeg
			}
		}
		return e
	}
	o := r
	if e&7 == kRune {
		o = rune(e >> payloadShift)
	}
	for k := range g.compose[lv] {
		if k[0] == o {
			e |= fCompBase
		}
	}
	return e
}

func (g *gen) buildCompose() {
	for lv := 0; lv < numLevels; lv++ {
		g.compose[lv] = map[[2]rune]rune{}
		if lv == lvCanon {
			for _, p := range composePairs {
				g.compose[lv][[2]rune{p.base, p.mark}] = p.out
			}
			continue
		}
		for _, p := range composePairs {
			b := perRune(lv, p.base, false)
			c := perRune(lv, p.out, false)
			br, bn := utf8.DecodeRuneInString(b)
			cr, cn := utf8.DecodeRuneInString(c)
			if bn != len(b) || cn != len(c) || br == cr {
				continue
			}
			if bn != cn {
				log.Fatalf("gen: compose %U+%U changes byte length", p.base, p.mark)
			}
			g.compose[lv][[2]rune{br, p.mark}] = cr
		}
	}
}

type rng struct {
	lo, hi rune
	e      uint32
}

func main() {
	confPath := flag.String("confusables", "../../shared/data/unicode/confusables.txt", "UTS #39 confusables.txt")
	outPath := flag.String("o", "tables.go", "output file")
	flag.Parse()

	buildNamed()
	readConfusables(*confPath)
	buildHomoglyphs()
	g := &gen{strIdx: map[string]int{}}
	g.str("") // index 0 unused
	g.buildCompose()

	var buf bytes.Buffer
	fmt.Fprintf(&buf, "// Code generated by normalize/internal/gen from Unicode %s data (golang.org/x/text, unicode) and UTS #39 confusables.txt; DO NOT EDIT.\n\n", norm.Version)
	fmt.Fprintf(&buf, "package normalize\n\n")
	fmt.Fprintf(&buf, "// tablesUnicodeVersion is the Unicode version the tables were generated from.\nconst tablesUnicodeVersion = %q\n\n", norm.Version)

	var isDense [256]int
	for i, p := range densePages {
		isDense[p] = i + 1
	}
	for lv := 0; lv < numLevels; lv++ {
		name := levelNames[lv]
		// verify per-rune idempotence and collect ranges
		var sparse []rng
		pages := make([][256]uint32, len(densePages))
		for r := rune(0); r <= unicode.MaxRune; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			e := g.entry(lv, r, false)
			out := perRune(lv, r, false)
			if again := perRuneString(lv, out); again != out {
				log.Fatalf("gen: %s not idempotent on %U: %+q -> %+q", name, r, out, again)
			}
			if r < 0x10000 && isDense[r>>8] != 0 {
				pages[isDense[r>>8]-1][r&0xFF] = e
				continue
			}
			def := uint32(kKeep)
			if unicode.IsLetter(r) {
				def |= fLetter
				if unicode.Is(unicode.Latin, r) {
					def |= fLatin
				}
			}
			if e == def {
				continue
			}
			// delta encoding for runs of single-rune maps with the same offset
			if e&7 == kRune {
				d := int32(e>>payloadShift) - int32(r)
				if d >= -(1<<20) && d < 1<<20 {
					e = kDelta | (e & (1<<payloadShift - 1) &^ 7) | uint32(d&(1<<21-1))<<payloadShift
				}
			}
			if n := len(sparse); n > 0 && sparse[n-1].hi == r-1 && sparse[n-1].e == e {
				sparse[n-1].hi = r
			} else {
				sparse = append(sparse, rng{r, r, e})
			}
		}
		fmt.Fprintf(&buf, "var %sTable = table{\n", name)
		fmt.Fprintf(&buf, "pageIndex: [256]uint8{")
		for p := 0; p < 256; p++ {
			if isDense[p] != 0 {
				fmt.Fprintf(&buf, "0x%02x: %d, ", p, isDense[p])
			}
		}
		fmt.Fprintf(&buf, "},\npages: [][256]uint32{\n")
		for _, pg := range pages {
			fmt.Fprintf(&buf, "{")
			for i, e := range pg {
				if i%16 == 0 {
					fmt.Fprintf(&buf, "\n")
				}
				fmt.Fprintf(&buf, "%#x, ", e)
			}
			fmt.Fprintf(&buf, "},\n")
		}
		fmt.Fprintf(&buf, "},\nsparse: []sparseRange{\n")
		for _, s := range sparse {
			fmt.Fprintf(&buf, "{%#x, %#x, %#x},\n", s.lo, s.hi, s.e)
		}
		fmt.Fprintf(&buf, "},\ncompose: []composeRule{\n")
		keys := make([][2]rune, 0, len(g.compose[lv]))
		for k := range g.compose[lv] {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
		})
		for _, k := range keys {
			fmt.Fprintf(&buf, "{%#x, %#x, %#x},\n", k[0], k[1], g.compose[lv][k])
		}
		fmt.Fprintf(&buf, "},\n}\n\n")
	}

	// strict yeh: conservative output per input rune where it differs.
	fmt.Fprintf(&buf, "// strictYehOverrides are the conservative entries that differ under StrictYeh.\nvar strictYehOverrides = []override{\n")
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		a, b := perRune(lvCons, r, false), perRune(lvCons, r, true)
		if a != b {
			if r >= 0x10000 || isDense[r>>8] == 0 {
				log.Fatalf("gen: strict yeh rune %U is outside the dense pages", r)
			}
			fmt.Fprintf(&buf, "{%#x, %#x},\n", r, g.entry(lvCons, r, true))
		}
	}
	fmt.Fprintf(&buf, "}\n\n")

	fmt.Fprintf(&buf, "// strs holds the multi-rune outputs of kStr entries.\nvar strs = [...]string{\n")
	for _, s := range g.strs {
		fmt.Fprintf(&buf, "%+q,\n", s)
	}
	fmt.Fprintf(&buf, "}\n\n")

	fmt.Fprintf(&buf, "// leetFold maps leetspeak digits and symbols to letters (aggressive).\nvar leetFold = map[rune]rune{\n")
	lk := make([]rune, 0, len(leet))
	for k := range leet {
		lk = append(lk, k)
	}
	sort.Slice(lk, func(i, j int) bool { return lk[i] < lk[j] })
	for _, k := range lk {
		fmt.Fprintf(&buf, "%+q: %+q,\n", k, leet[k])
	}
	fmt.Fprintf(&buf, "}\n")

	src, err := format.Source(buf.Bytes())
	if err != nil {
		os.WriteFile(*outPath+".broken", buf.Bytes(), 0o644)
		log.Fatalf("gen: format: %v", err)
	}
	if err := os.WriteFile(*outPath, src, 0o644); err != nil {
		log.Fatalf("gen: %v", err)
	}
}

// perRuneString applies the level's per-rune map to every rune of s (spaces
// stay spaces), for the idempotence check.
func perRuneString(lv int, s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == ' ' {
			b.WriteByte(' ')
			continue
		}
		b.WriteString(perRune(lv, r, false))
	}
	return b.String()
}

var assignedTables = []*unicode.RangeTable{unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf}

func assigned(r rune) bool { return unicode.In(r, assignedTables...) }

// caseFold is full case folding of one rune. x/text's cases.Fold swaps the
// Cherokee cases instead of folding them (fold(fold(x)) != fold(x)); for such
// 2-cycles the smaller rune is taken, as CaseFolding.txt does.
func caseFold(r rune) string {
	f := foldCaser.String(string(r))
	if fr, n := utf8.DecodeRuneInString(f); n == len(f) && fr != r && foldCaser.String(f) == string(r) {
		return string(min(r, fr))
	}
	return f
}

func asciiUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return s != ""
}

// apostrophe: apostrophes and ayn/hamza transliteration marks (§4.3 step 1),
// deleted at the aggressive level.
func apostrophe(r rune) bool {
	switch r {
	case '\'', '`', 0x00B4, 0x2018, 0x2019, 0x201B, 0x02B9, 0x02BB, 0x02BC, 0x02BE, 0x02BF, 0x02C8, 0xFF07:
		return true
	}
	return false
}

// isPunct reports whether r is punctuation at the aggressive level: Unicode
// punctuation and the tilde (a math symbol used as a dash).
func isPunct(r rune) bool { return unicode.IsPunct(r) || r == '~' }

// softPunct reports whether r is, at the conservative level, a mark that
// writers inject inside words rather than write between them: a connector
// (_), an asterisk or a tilde. The aggressive level deletes it
// between two letters of one script (a hashtag #ابو_تريكة becomes one
// word). Full stops, commas, colons, dashes and … stay word breaks:
// "will.be", "و،چې" and Tehrik-e-Taliban are real word boundaries written
// without a space. The middle dot is not soft: NFKC writes Ŀ as L·, so a
// word with Ŀ would not be idempotent at the Aggressive level.
func softPunct(r rune) bool {
	c := []rune(cons(string(r), false))
	if len(c) != 1 {
		return false
	}
	switch c[0] {
	case '*', '~':
		return true
	}
	return unicode.Is(unicode.Pc, c[0])
}
