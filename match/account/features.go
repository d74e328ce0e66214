package account

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/internal/sortedset"
	"github.com/gharbal/gharbal/normalize/handle"
	"github.com/gharbal/gharbal/normalize/namekey"
)

// avatarZero is the PDQ distance at which the avatar score reaches 0; the
// score falls linearly from 1 at distance 0 (so it is 0.52 at
// pdq.MatchThreshold). Unrelated images are about 128 apart.
const avatarZero = 64

// features are the comparable parts of one profile.
type features struct {
	handle     handle.Handle
	handleToks []namekey.Key
	name       handle.Handle
	nameToks   []namekey.Key
	bio        []uint64 // sorted, distinct shingle hashes
	avatar     pdq.Hash
	links      []string // sorted, distinct, normalized
}

func (f *features) hasHandle() bool { return f.handle.Skeleton != "" }
func (f *features) hasName() bool   { return len(f.nameToks) > 0 }

func (f *features) empty() bool {
	return !f.hasHandle() && !f.hasName() && len(f.bio) == 0 && f.avatar.IsZero() && len(f.links) == 0
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for i := 0; i < utf8.UTFMax && len(s) > 0; i++ {
		if r, size := utf8.DecodeLastRuneInString(s); r != utf8.RuneError || size > 1 {
			break
		}
		s = s[:len(s)-1]
	}
	return s
}

func (z *featurizer) extract(p Profile) *features {
	f := &features{avatar: p.AvatarPDQ}
	f.handle = z.handles.Normalize(p.Handle)
	f.handleToks = z.keyer.Tokens(f.handle.NameText)
	if name := cut(p.DisplayName, MaxNameBytes); strings.TrimSpace(name) != "" {
		f.name = z.names.Normalize(name)
		f.nameToks = z.keyer.Tokens(f.name.NameText)
	}
	if bio := cut(p.Bio, MaxBioBytes); bio != "" {
		h := z.bio.AppendHashesString(nil, bio)
		slices.Sort(h)
		f.bio = slices.Compact(h)
	}
	for i, l := range p.Links {
		if i == MaxLinks {
			break
		}
		if n := normalizeLink(cut(l, maxLinkBytes)); n != "" {
			f.links = append(f.links, n)
		}
	}
	slices.Sort(f.links)
	f.links = slices.Compact(f.links)
	return f
}

// retrievalKeys lists the keys under which a profile is posted and looked up.
func (f *features) retrievalKeys() []string {
	var out []string
	if f.hasHandle() {
		out = append(out, "h:"+f.handle.Skeleton)
	}
	for _, toks := range [][]namekey.Key{f.handleToks, f.nameToks} {
		for _, t := range toks {
			for _, k := range t.All() {
				out = append(out, "t:"+k)
			}
		}
	}
	n := min(bioSketch, len(f.bio))
	for _, h := range f.bio[:n] {
		out = append(out, fmt.Sprintf("b:%x", h))
	}
	for _, l := range f.links {
		out = append(out, "l:"+l)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// normalizeLink reduces a URL to host+path in lower case, without scheme,
// www./m. prefixes, query, fragment and trailing slash; telegram.me and
// t.me/s/ forms become t.me/.
func normalizeLink(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.Index(l, "://"); i >= 0 && i < 12 {
		l = l[i+3:]
	}
	if i := strings.IndexAny(l, "?#"); i >= 0 {
		l = l[:i]
	}
	l = strings.TrimPrefix(l, "www.")
	l = strings.TrimPrefix(l, "m.")
	l = strings.TrimRight(l, "/")
	if rest, ok := strings.CutPrefix(l, "telegram.me/"); ok {
		l = "t.me/" + rest
	}
	if rest, ok := strings.CutPrefix(l, "t.me/s/"); ok {
		l = "t.me/" + rest
	}
	return l
}

// compareFeatures scores every field of q against p. A field missing on
// either side gets Weight 0 (the caller fills in real weights for present
// fields; here Weight 1 marks presence).
func compareFeatures(q, p *features) [numFields]FieldScore {
	var fs [numFields]FieldScore
	for i := range fs {
		fs[i].Field = Field(i)
	}
	if q.hasHandle() && p.hasHandle() {
		fs[HandleField] = handleScore(q, p)
	}
	if q.hasName() && p.hasName() {
		fs[NameField] = nameScore(q, p)
	}
	if len(q.bio) > 0 && len(p.bio) > 0 {
		j := sortedset.Jaccard(q.bio, p.bio)
		fs[BioField] = FieldScore{Field: BioField, Score: j, Weight: 1, Detail: fmt.Sprintf("jaccard %.2f", j)}
	}
	if !q.avatar.IsZero() && !p.avatar.IsZero() {
		d := q.avatar.Distance(p.avatar)
		s := max(0, 1-float64(d)/avatarZero)
		fs[AvatarField] = FieldScore{Field: AvatarField, Score: s, Weight: 1, Detail: fmt.Sprintf("pdq distance %d", d)}
	}
	if len(q.links) > 0 && len(p.links) > 0 {
		shared := intersect(q.links, p.links)
		s := float64(len(shared)) / float64(min(len(q.links), len(p.links)))
		d := "no shared link"
		if len(shared) > 0 {
			d = "shared " + strings.Join(shared, " ")
		}
		fs[LinksField] = FieldScore{Field: LinksField, Score: s, Weight: 1, Detail: d}
	}
	return fs
}

func handleScore(q, p *features) FieldScore {
	fs := FieldScore{Field: HandleField, Weight: 1}
	if q.handle.Skeleton == p.handle.Skeleton {
		fs.Score, fs.Detail = 1, fmt.Sprintf("same skeleton %q", q.handle.Skeleton)
		if utf8.RuneCountInString(q.handle.Skeleton) < 3 {
			fs.Score = 0.8
		}
		return fs
	}
	if q.handle.Key.Matches(p.handle.Key) {
		s := 0.9 * keyConfidence(consonants(q.handle.Key.Primary))
		return FieldScore{Field: HandleField, Weight: 1, Score: s, Detail: fmt.Sprintf("same name key %s", q.handle.Key.Primary)}
	}
	best, detail := bigramDice(q.handle.Skeleton, p.handle.Skeleton), "skeleton bigrams"
	if d := tokenDice(q.handleToks, p.handleToks); d > best {
		best, detail = d, "name-key tokens"
	}
	if d := crossField * tokenDice(q.handleToks, p.nameToks); d > best {
		best, detail = d, "name-key tokens of the known display name"
	}

	fs.Score, fs.Detail = best, fmt.Sprintf("%s %.2f (%q vs %q)", detail, best, q.handle.Skeleton, p.handle.Skeleton)
	return fs
}

func nameScore(q, p *features) FieldScore {
	fs := FieldScore{Field: NameField, Weight: 1}
	best, detail := tokenDice(q.nameToks, p.nameToks), "name-key tokens"
	if d := crossField * tokenDice(q.nameToks, p.handleToks); d > best {
		best, detail = d, "name-key tokens of the known handle"
	}

	fs.Score, fs.Detail = best, fmt.Sprintf("%s %.2f (%s vs %s)", detail, best, joinPrimary(q.nameToks), joinPrimary(p.nameToks))
	return fs
}

func joinPrimary(ks []namekey.Key) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = k.Primary
	}
	return strings.Join(s, " ")
}

// crossField discounts a match between the handle of one profile and the
// display name of the other.
const crossField = 0.8

// consonants counts the consonant classes and digits of a key (the A marks
// and spaces excluded): a rough measure of how much a key says.
func consonants(key string) int {
	n := 0
	for i := 0; i < len(key); i++ {
		if c := key[i]; c != 'A' && c != ' ' {
			n++
		}
	}
	return n
}

// keyConfidence scales a key match by how informative the matched keys are:
// 1 from four consonants up, 0.6 for two (DS, AMK), 0.4 for one: short keys
// are shared by many unrelated words.
func keyConfidence(cons int) float64 { return min(1, float64(cons+1)/5) }

// tokenDice is 2·m/(|a|+|b|), m the number of tokens of a that match a
// distinct token of b (any shared key reading), scaled by keyConfidence of
// the matched tokens' consonants.
func tokenDice(a, b []namekey.Key) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	used := make([]bool, len(b))
	m, cons := 0, 0
	for _, x := range a {
		for j, y := range b {
			if !used[j] && x.Matches(y) {
				used[j] = true
				m++
				cons += consonants(x.Primary)
				break
			}
		}
	}
	return 2 * float64(m) / float64(len(a)+len(b)) * keyConfidence(cons)
}

// bigramDice is the Dice coefficient of the rune-bigram multisets of a and b.
func bigramDice(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < 2 || len(rb) < 2 {
		return 0
	}
	count := map[[2]rune]int{}
	for i := 0; i+1 < len(ra); i++ {
		count[[2]rune{ra[i], ra[i+1]}]++
	}
	m := 0
	for i := 0; i+1 < len(rb); i++ {
		k := [2]rune{rb[i], rb[i+1]}
		if count[k] > 0 {
			count[k]--
			m++
		}
	}
	return 2 * float64(m) / float64(len(ra)+len(rb)-2)
}

func intersect(a, b []string) []string {
	var out []string
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return out
}
