package account

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/normalize"
	"github.com/gharbal/gharbal/normalize/handle"
	"github.com/gharbal/gharbal/normalize/namekey"
	"golang.org/x/text/language"
)

// Version is the account-similarity version: field scores, the combination
// and DefaultWeights. Any change to any score bumps it.
const Version = 1

// Limits applied to every profile, so that one profile costs bounded time
// and memory: longer fields are cut, extra links ignored.
const (
	MaxBioBytes  = 4096
	MaxNameBytes = 256
	MaxLinks     = 16
	maxLinkBytes = 512
	bioSketch    = 8    // bottom-k bio shingle hashes indexed per profile
	maxPostings  = 2000 // a key posted by more profiles is too common to retrieve by
)

// Errors.
var (
	ErrInvalidOption = errors.New("account: invalid option")
	ErrEmptyID       = errors.New("account: empty profile id")
	ErrEmptyProfile  = errors.New("account: profile has no usable field")
)

// Profile is an account as a platform shows it. Every field is optional; the
// zero AvatarPDQ means "no avatar". A Profile is a plain value; Add and Query
// do not retain its slices.
type Profile struct {
	Handle      string   `json:"handle,omitempty"`
	DisplayName string   `json:"display_name,omitempty"`
	Bio         string   `json:"bio,omitempty"`
	AvatarPDQ   pdq.Hash `json:"avatar_pdq,omitzero"`
	Links       []string `json:"links,omitempty"`
}

// Field names one compared field.
type Field uint8

// The compared fields, in the order of Match.Fields and Weights.
const (
	HandleField Field = iota // Profile.Handle
	NameField                // Profile.DisplayName
	BioField                 // Profile.Bio
	AvatarField              // Profile.AvatarPDQ
	LinksField               // Profile.Links
	numFields
)

var fieldNames = [...]string{"handle", "name", "bio", "avatar", "links"}

// String returns the lower-case field name ("handle").
func (f Field) String() string {
	if f < numFields {
		return fieldNames[f]
	}
	return fmt.Sprintf("Field(%d)", uint8(f))
}

// Weights are the weights of the field scores in the combined score. A
// field's weight counts only when both profiles have that field.
type Weights [numFields]float64

// DefaultWeights were chosen by the evaluation in eval_test.go (a grid search
// on generated mirror accounts and unrelated profiles of the dev seed,
// maximizing recall at a false-match rate of at most 1 % at DefaultThreshold;
// the hard negatives were not used). See docs/EVAL.md, "Mirror accounts".
var DefaultWeights = Weights{HandleField: 3, NameField: 3, BioField: 2, AvatarField: 1, LinksField: 3}

// DefaultMinEvidence is the smallest weight mass the combined score is
// divided by: with fewer fields present on both sides the score shrinks
// toward 0, so one matching field alone (a common short handle) does not
// make a match. Chosen with DefaultWeights.
const DefaultMinEvidence = 4.0

// DefaultThreshold is the combined score at or above which Query reports a
// match by default; chosen with DefaultWeights.
const DefaultThreshold = 0.55

// Option configures an Index; options are validated by NewIndex.
type Option func(*config) error

type config struct {
	weights   Weights
	threshold float64
	minMass   float64
}

// WithWeights sets the field weights; each must be finite and >= 0 and
// their sum > 0.
func WithWeights(w Weights) Option {
	return func(c *config) error {
		sum := 0.0
		for f, x := range w {
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				return fmt.Errorf("%w: weight of %s = %v", ErrInvalidOption, Field(f), x)
			}
			sum += x
		}
		if sum == 0 {
			return fmt.Errorf("%w: all weights are zero", ErrInvalidOption)
		}
		c.weights = w
		return nil
	}
}

// WithMinEvidence sets the smallest weight mass the combined score is
// divided by (see DefaultMinEvidence); m must be finite and >= 0.
func WithMinEvidence(m float64) Option {
	return func(c *config) error {
		if !(m >= 0) || math.IsInf(m, 0) {
			return fmt.Errorf("%w: min evidence %v", ErrInvalidOption, m)
		}
		c.minMass = m
		return nil
	}
}

// WithThreshold sets the smallest combined score Query reports, in [0, 1].
func WithThreshold(t float64) Option {
	return func(c *config) error {
		if !(t >= 0 && t <= 1) {
			return fmt.Errorf("%w: threshold %v not in [0, 1]", ErrInvalidOption, t)
		}
		c.threshold = t
		return nil
	}
}

// FieldScore is one field's contribution to a Match.
type FieldScore struct {
	Field  Field
	Score  float64 // in [0, 1]
	Weight float64 // weight used: 0 when the field is missing on either side or weighted 0
	Detail string  // what matched, e.g. `skeleton "tp"` or "pdq distance 6"
}

// Match is one known profile similar to a query.
type Match struct {
	ID     string
	Score  float64      // combined score in [0, 1]
	Fields []FieldScore // one per field, in Field order
}

// String formats m on one line: `id 0.93 handle=1.00(skeleton "tp") ...`.
func (m Match) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %.2f", m.ID, m.Score)
	for _, f := range m.Fields {
		if f.Weight == 0 {
			continue
		}
		fmt.Fprintf(&b, " %s=%.2f", f.Field, f.Score)
		if f.Detail != "" {
			fmt.Fprintf(&b, "(%s)", f.Detail)
		}
	}
	return b.String()
}

// Index holds known (banned) profiles and finds the ones similar to a query.
// It is safe for concurrent use: Add and Remove may run while queries run.
type Index struct {
	cfg   config
	feat  *featurizer
	mu    sync.RWMutex
	profs map[string]*features
	post  map[string]map[string]struct{} // retrieval key -> profile ids
}

// NewIndex returns an empty Index. With no options it uses DefaultWeights
// and DefaultThreshold.
func NewIndex(opts ...Option) (*Index, error) {
	c := config{weights: DefaultWeights, threshold: DefaultThreshold, minMass: DefaultMinEvidence}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: nil option", ErrInvalidOption)
		}
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	f, err := newFeaturizer()
	if err != nil {
		return nil, err
	}
	return &Index{cfg: c, feat: f, profs: map[string]*features{}, post: map[string]map[string]struct{}{}}, nil
}

// Params describes what an Index's scores depend on.
type Params struct {
	Version        int
	HandleVersion  int
	NameKeyVersion int
	Bio            shingle.Params
	Weights        Weights
	MinEvidence    float64
	Threshold      float64
}

// Params returns ix's effective settings.
func (ix *Index) Params() Params {
	return Params{Version: Version, HandleVersion: handle.Version, NameKeyVersion: namekey.Version,
		Bio: ix.feat.bio.Params(), Weights: ix.cfg.weights, MinEvidence: ix.cfg.minMass, Threshold: ix.cfg.threshold}
}

// Len returns the number of profiles in ix.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.profs)
}

// Add adds (or replaces) the known profile id. It returns ErrEmptyID for an
// empty id and ErrEmptyProfile when p has no usable field.
func (ix *Index) Add(id string, p Profile) error {
	if id == "" {
		return ErrEmptyID
	}
	f := ix.feat.extract(p)
	if f.empty() {
		return ErrEmptyProfile
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if old, ok := ix.profs[id]; ok {
		ix.unpost(id, old)
	}
	ix.profs[id] = f
	for _, k := range f.retrievalKeys() {
		s := ix.post[k]
		if s == nil {
			s = map[string]struct{}{}
			ix.post[k] = s
		}
		s[id] = struct{}{}
	}
	return nil
}

// Remove removes the profile id and reports whether it was present.
func (ix *Index) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	f, ok := ix.profs[id]
	if !ok {
		return false
	}
	ix.unpost(id, f)
	delete(ix.profs, id)
	return true
}

func (ix *Index) unpost(id string, f *features) {
	for _, k := range f.retrievalKeys() {
		if s := ix.post[k]; s != nil {
			delete(s, id)
			if len(s) == 0 {
				delete(ix.post, k)
			}
		}
	}
}

// Query returns the known profiles whose combined score with q is at least
// the index threshold, best first (ties by id), at most limit of them
// (limit <= 0 means all). Candidates are found through the handle skeleton,
// name-key tokens, bio shingle sketch and links; avatars are compared with
// every known avatar (a linear scan of 32-byte hashes).
func (ix *Index) Query(q Profile, limit int) []Match {
	qf := ix.feat.extract(q)
	if qf.empty() {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	cand := ix.candidates(qf)
	var out []Match
	for _, id := range cand {
		m := ix.score(qf, ix.profs[id])
		if m.Score >= ix.cfg.threshold && m.Score > 0 {
			m.ID = id
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// candidates returns the ids of known profiles that share a retrieval key
// with qf or whose avatar is within avatarZero, sorted. The caller holds
// ix.mu.
func (ix *Index) candidates(qf *features) []string {
	cand := map[string]struct{}{}
	for _, k := range qf.retrievalKeys() {
		s := ix.post[k]
		if len(s) > maxPostings {
			continue
		}
		for id := range s {
			cand[id] = struct{}{}
		}
	}
	if !qf.avatar.IsZero() {
		for id, f := range ix.profs {
			if !f.avatar.IsZero() && f.avatar.Distance(qf.avatar) < avatarZero {
				cand[id] = struct{}{}
			}
		}
	}
	ids := make([]string, 0, len(cand))
	for id := range cand {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Compare scores q against one profile p with ix's weights, without the
// threshold and without adding p to the index. The returned Match has an
// empty ID.
func (ix *Index) Compare(q, p Profile) Match {
	return ix.score(ix.feat.extract(q), ix.feat.extract(p))
}

func (ix *Index) score(q, p *features) Match {
	fs := compareFeatures(q, p)
	var m Match
	num, den := 0.0, 0.0
	for i := range fs {
		if fs[i].Weight == 0 {
			continue
		}
		w := ix.cfg.weights[fs[i].Field]
		fs[i].Weight = w
		num += w * fs[i].Score
		den += w
	}
	if den > 0 {
		m.Score = num / max(den, ix.cfg.minMass)
	}
	m.Fields = slices.Clone(fs[:])
	return m
}

// featurizer holds the immutable helpers that turn a Profile into features.
type featurizer struct {
	keyer   *namekey.Keyer
	handles *handle.Normalizer
	names   *handle.Normalizer // display names: only the nameAffixes removed
	bio     *shingle.Shingler
}

// nameAffixes are the words removed from display names: the words that mark
// a copy (official, real, new, backup ...), not descriptive words such as
// media, news or channel, which are often part of a group's name.
var nameAffixes = []string{
	"official", "offical", "real", "new", "backup", "bkp", "original", "mirror", "reserve", "archive",
	"account", "asli", "asal", "naya", "nayi", "sarkari", "rasmi", "آفیشل", "آفیشیل", "رسمی", "رسمي",
	"الرسمي", "اصلی", "اصلي", "نیا", "نئی", "نوی", "جدید", "جديد", "الجديد", "سرکاری",
}

func newFeaturizer() (*featurizer, error) {
	k, err := namekey.New()
	if err != nil {
		return nil, err
	}
	h, err := handle.New()
	if err != nil {
		return nil, err
	}
	prof, err := normalize.New(normalize.Conservative, language.Und)
	if err != nil {
		return nil, err
	}
	sh, err := shingle.New(prof, shingle.WithKind(shingle.Chars), shingle.WithN(5))
	if err != nil {
		return nil, err
	}
	names, err := handle.New(handle.WithoutBuiltinAffixes(), handle.WithAffixes(nameAffixes...))
	if err != nil {
		return nil, err
	}
	return &featurizer{keyer: k, handles: h, names: names, bio: sh}, nil
}
