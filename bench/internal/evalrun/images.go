package evalrun

import (
	"errors"
	"fmt"
	"image"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/gharbal/gharbal/bench/internal/imageeval"
	"github.com/gharbal/gharbal/fingerprint/pdq"
)

// ImageOutcome is one transformed copy of a banned image.
type ImageOutcome struct {
	Plain    int // Hamming distance of its hash to its original's hash
	Dihedral int // least distance over its eight dihedral hashes
	Quality  int
	// Least distances to any other banned image (plain / dihedral).
	WrongPlain, WrongDihedral int
}

// ImageResult is the image half of a run.
type ImageResult struct {
	Size        int
	Transforms  []imageeval.Transform
	Banned      int
	LowQuality  int              // banned images with quality < pdq.MinQuality (still indexed)
	OrigQuality []int            // quality of each banned image
	Pos         [][]ImageOutcome // [transform][banned image]
	NegPlain    []int            // least distance of each unrelated image to any banned image
	NegDihedral []int
	NegQuality  []int
	Hashes      int
	HashTime    time.Duration // all Dihedral calls, one goroutine
	SizeNote    string        // sizes of the generated images
	MatchNote   string        // the same queries through match's PDQ lookup, if run
	IndexAgree  int           // answers of that index equal to the direct scan's
	IndexTotal  int           // queries sent to that index
}

// Seeds: banned images use seeds 1..n, unrelated ones 1e6+1..; transforms
// draw their own randomness from the banned seed.
const negSeedBase = 1_000_000

// PDQLookup is an image index under test: Build indexes the banned hashes,
// Lookup returns the indices of those that a query's dihedral hashes match.
type PDQLookup interface {
	Build(hashes []pdq.Hash) error
	Lookup(dihedral []pdq.Hash) []int
}

// RunImages hashes banned images, their transformed copies and unrelated
// images with fingerprint/pdq, on GOMAXPROCS goroutines (results do not
// depend on the number of goroutines).
func RunImages(c Config) (*ImageResult, error) {
	res := &ImageResult{Size: c.ImageSize, Transforms: imageeval.Transforms(), Banned: c.Images,
		SizeNote: fmt.Sprintf("%d to %d pixels wide, aspect 1:1, 4:3, 3:4 or 16:9", c.ImageSize*7/10, c.ImageSize*15/10)}
	t0 := time.Now()
	var mu sync.Mutex
	var hashTime time.Duration
	// parallel runs f(i) for i in [0, n) on one Hasher per goroutine.
	parallel := func(n int, f func(h *pdq.Hasher, i int) (time.Duration, error)) error {
		workers := min(runtime.GOMAXPROCS(0), max(1, n))
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				h := pdq.NewHasher()
				var spent time.Duration
				for i := w; i < n; i += workers {
					d, err := f(h, i)
					spent += d
					if err != nil && errs[w] == nil {
						errs[w] = err
					}
				}
				mu.Lock()
				hashTime += spent
				mu.Unlock()
			}()
		}
		wg.Wait()
		return errors.Join(errs...)
	}
	hash := func(h *pdq.Hasher, m image.Image) ([8]pdq.Hash, int, time.Duration, error) {
		s := time.Now()
		hs, q, err := h.Dihedral(m)
		return hs, q, time.Since(s), err
	}
	banned := make([]pdq.Hash, c.Images)
	quality := make([]int, c.Images)
	err := parallel(c.Images, func(h *pdq.Hasher, i int) (time.Duration, error) {
		hs, q, d, err := hash(h, imageeval.Generate(c.Seed+uint64(i+1), c.ImageSize))
		if err != nil {
			return d, fmt.Errorf("evalrun: image %d: %w", i, err)
		}
		banned[i], quality[i] = hs[pdq.Original], q
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	res.OrigQuality = quality
	for _, q := range quality {
		if q < pdq.MinQuality {
			res.LowQuality++
		}
	}
	least := func(hs []pdq.Hash, skip int) int {
		best := 257
		for j, b := range banned {
			if j == skip {
				continue
			}
			for _, x := range hs {
				best = min(best, x.Distance(b))
			}
		}
		return best
	}
	res.Pos = make([][]ImageOutcome, len(res.Transforms))
	posHashes := make([][][8]pdq.Hash, len(res.Transforms))
	for ti := range res.Transforms {
		res.Pos[ti] = make([]ImageOutcome, c.Images)
		posHashes[ti] = make([][8]pdq.Hash, c.Images)
	}
	err = parallel(c.Images, func(h *pdq.Hasher, i int) (time.Duration, error) {
		img := imageeval.Generate(c.Seed+uint64(i+1), c.ImageSize)
		var spent time.Duration
		for ti, tr := range res.Transforms {
			m, err := tr.Apply(img, c.Seed+uint64(i+1))
			if err != nil {
				return spent, err
			}
			hs, q, d, err := hash(h, m)
			spent += d
			if err != nil {
				return spent, fmt.Errorf("evalrun: %s of image %d: %w", tr.Name, i, err)
			}
			o := ImageOutcome{Plain: hs[pdq.Original].Distance(banned[i]), Quality: q, Dihedral: 256}
			for _, x := range hs {
				o.Dihedral = min(o.Dihedral, x.Distance(banned[i]))
			}
			o.WrongPlain = least(hs[:1], i)
			o.WrongDihedral = least(hs[:], i)
			res.Pos[ti][i] = o
			posHashes[ti][i] = hs
		}
		return spent, nil
	})
	if err != nil {
		return nil, err
	}
	res.NegPlain = make([]int, c.ImageNegs)
	res.NegDihedral = make([]int, c.ImageNegs)
	res.NegQuality = make([]int, c.ImageNegs)
	negHashes := make([][8]pdq.Hash, c.ImageNegs)
	err = parallel(c.ImageNegs, func(h *pdq.Hasher, k int) (time.Duration, error) {
		hs, q, d, err := hash(h, imageeval.Generate(c.Seed+negSeedBase+uint64(k+1), c.ImageSize))
		if err != nil {
			return d, fmt.Errorf("evalrun: unrelated image %d: %w", k, err)
		}
		res.NegPlain[k], res.NegDihedral[k], res.NegQuality[k] = least(hs[:1], -1), least(hs[:], -1), q
		negHashes[k] = hs
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	res.Hashes = c.Images*(1+len(res.Transforms)) + c.ImageNegs
	if c.PDQIndex != nil {
		note, err := checkIndex(c.PDQIndex(), banned, res, posHashes, negHashes)
		if err != nil {
			return nil, err
		}
		res.MatchNote = note
	}
	res.HashTime = hashTime
	c.logf("images: %d hashes in %v (%v hashing)", res.Hashes, time.Since(t0).Round(time.Millisecond), hashTime.Round(time.Millisecond))
	return res, nil
}

// checkIndex runs every image query through an index and compares its
// answers with the direct scan at pdq.MatchThreshold.
func checkIndex(ix PDQLookup, banned []pdq.Hash, res *ImageResult, pos [][][8]pdq.Hash, neg [][8]pdq.Hash) (string, error) {
	if err := ix.Build(banned); err != nil {
		return "", err
	}
	agree, total, found, fm := 0, 0, 0, 0
	t0 := time.Now()
	for ti := range pos {
		for i := range pos[ti] {
			got := ix.Lookup(pos[ti][i][:])
			want := res.Pos[ti][i].Dihedral <= pdq.MatchThreshold
			has := slices.Contains(got, i)
			total++
			if has == want {
				agree++
			}
			if has {
				found++
			}
		}
	}
	for k := range neg {
		got := ix.Lookup(neg[k][:])
		want := res.NegDihedral[k] <= pdq.MatchThreshold
		total++
		if (len(got) > 0) == want {
			agree++
		}
		if len(got) > 0 {
			fm++
		}
	}
	per := time.Since(t0) / time.Duration(max(1, total))
	res.IndexAgree, res.IndexTotal = agree, total
	return fmt.Sprintf("The same queries through `match.Index` (one item per banned hash, `Query{PDQ: dihedral hashes}`, default threshold): %d of %d answers agree with the direct scan; %d transformed copies found, %d unrelated images matched; %v per lookup over %d banned hashes.",
		agree, total, found, fm, per.Round(100*time.Nanosecond), len(banned)), nil
}
