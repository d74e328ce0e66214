package match

import (
	"math/rand/v2"
	"testing"
)

func TestTmpBloom(t *testing.T) {
	n := 500000
	for _, pk := range []float64{1e-3, 2.6e-4, 1e-4} {
		p := newPrefilter(n, geometryFor(pk))
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < n; i++ {
			p.add(mix64(r.Uint64()))
		}
		fp := 0
		m := 2000000
		for i := 0; i < m; i++ {
			if p.test(mix64(r.Uint64())) {
				fp++
			}
		}
		t.Logf("target %.1e k=%d bits/key=%.1f fpr=%.2e", pk, p.k, float64(len(p.words)*64)/float64(n), float64(fp)/float64(m))
	}
}
