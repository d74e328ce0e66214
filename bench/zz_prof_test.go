package bench

import (
	"testing"

	"github.com/gharbal/gharbal/bench/internal/fpbench"
)

func BenchmarkZZPipeline(b *testing.B) {
	for _, sc := range []struct {
		name string
		abc  []rune
	}{{"latin", fpbench.Latin}, {"arabic", fpbench.Arabic}} {
		corpus := fpbench.Corpus(sc.abc, 512)
		c := fpbench.Cases(sc.name, corpus)[0]
		b.Run(c.Name, func(b *testing.B) {
			for b.Loop() {
				c.Ours()
			}
		})
		for _, st := range fpbench.Stages(sc.name, corpus)[:3] {
			b.Run(st.Name, func(b *testing.B) {
				for b.Loop() {
					st.Op()
				}
			})
		}
	}
}
