// Command fpratio runs gharbal's text fingerprints and the Go peers
// (ekzhu/minhash-lsh, mfonda/simhash, cespare/xxhash/v2, hash/fnv) side by
// side in one process on the same generated corpus, and prints, per case,
// the process CPU time per operation (getrusage, so garbage collection is
// included and other processes on a shared machine are not), allocations,
// and the peer/ours ratio. Ours and the peer alternate over several rounds
// and the best round of each is kept.
//
//	go run ./cmd/fpratio [-time 300ms] [-rounds 5]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/gharbal/gharbal/bench/internal/fpbench"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs op for about d of wall time and returns CPU ns per op.
func measure(op func(), d time.Duration) float64 {
	n := 1
	for {
		runtime.GC()
		c0, t0 := cpuNow(), time.Now()
		for range n {
			op()
		}
		wall, cpu := time.Since(t0), cpuNow()-c0
		if wall >= d || n >= 1<<30 {
			return float64(cpu.Nanoseconds()) / float64(n)
		}
		n *= 4
	}
}

func main() {
	per := flag.Duration("time", 300*time.Millisecond, "wall time per measurement")
	rounds := flag.Int("rounds", 5, "alternating rounds per case (best kept)")
	flag.Parse()
	var cases []fpbench.Case
	var stages []fpbench.Stage
	for _, sc := range []struct {
		name string
		abc  []rune
	}{{"latin", fpbench.Latin}, {"arabic", fpbench.Arabic}} {
		corpus := fpbench.Corpus(sc.abc, 512)
		cases = append(cases, fpbench.Cases(sc.name, corpus)...)
		stages = append(stages, fpbench.Stages(sc.name, corpus)...)
	}
	cases = append(cases, fpbench.CompareCases()...)
	cases = append(cases, fpbench.HashCases(fpbench.Corpus(fpbench.Latin, 1)[0])...)
	fmt.Printf("%s %s/%s, GOMAXPROCS=%d, %d rounds x %v; CPU ns per operation (best round)\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), *rounds, *per)
	fmt.Printf("| case | ours | CPU ns/op | allocs/op | peer | CPU ns/op | allocs/op | peer/ours |\n|---|---|---:|---:|---|---:|---:|---:|\n")
	for _, c := range cases {
		bo, bp := 0.0, 0.0
		for r := range *rounds {
			o := measure(c.Ours, *per)
			p := measure(c.Peer, *per)
			if r == 0 || o < bo {
				bo = o
			}
			if r == 0 || p < bp {
				bp = p
			}
		}
		if bo <= 0 {
			fmt.Fprintf(os.Stderr, "fpratio: %s: no CPU time measured\n", c.Name)
			continue
		}
		ao := testing.AllocsPerRun(200, c.Ours)
		ap := testing.AllocsPerRun(200, c.Peer)
		fmt.Printf("| %s | %s | %.1f | %.0f | %s | %.1f | %.0f | **%.1f×** |\n",
			c.Name, c.OursName, bo, ao, c.PeerName, bp, ap, bp/bo)
	}
	fmt.Printf("\nStages of gharbal's pipeline (50-word posts):\n\n| stage | CPU ns/op |\n|---|---:|\n")
	for _, st := range stages {
		best := 0.0
		for r := range *rounds {
			if v := measure(st.Op, *per); r == 0 || v < best {
				best = v
			}
		}
		fmt.Printf("| %s | %.1f |\n", st.Name, best)
	}
	fmt.Printf("\nQuality on the same generated corpora:\n\n| measure | gharbal | peer |\n|---|---|---|\n")
	for _, q := range fpbench.QualityFigures(2000) {
		fmt.Printf("| %s | %s | %s |\n", q.Name, q.Ours, q.Peer)
	}
}
