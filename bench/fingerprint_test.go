package bench

import (
	"testing"

	"github.com/gharbal/gharbal/bench/internal/fpbench"
)

// BenchmarkFingerprint runs gharbal's fingerprints and the Go peers side by
// side on the same generated corpus (cmd/fpratio prints the ratios):
//
//	go test -run '^$' -bench Fingerprint -benchtime 2000x .
func BenchmarkFingerprint(b *testing.B) {
	var cases []fpbench.Case
	for _, sc := range []struct {
		name string
		abc  []rune
	}{{"latin", fpbench.Latin}, {"arabic", fpbench.Arabic}} {
		cases = append(cases, fpbench.Cases(sc.name, fpbench.Corpus(sc.abc, 512))...)
	}
	cases = append(cases, fpbench.CompareCases()...)
	cases = append(cases, fpbench.HashCases(fpbench.Corpus(fpbench.Latin, 1)[0])...)
	for _, c := range cases {
		b.Run(c.Name+"/ours", fpbench.Bench(c.Ours, c.Bytes))
		b.Run(c.Name+"/peer", fpbench.Bench(c.Peer, c.Bytes))
	}
}
