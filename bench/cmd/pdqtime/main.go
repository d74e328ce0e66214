// Command pdqtime times PDQ hashing of image files given by path, decode
// excluded and included, so gharbal can be compared with Meta's C++
// reference (its pdq-bench / benchmark-photo-hasher) on the same files.
//
// Usage:
//
//	go run ./cmd/pdqtime [-reps 10] [-mode full-resolution|squash-512] [-dihedral] FILE...
//
// For every file it prints a CSV line:
//
//	file,width,height,decode_ms,hash_ms,hash_min_ms,hash_cpu_ms,pdq,quality
//
// decode_ms is the median time of imagefile decoding (Go's decoders);
// hash_ms and hash_min_ms are the median and minimum wall time of hashing
// the decoded image (luma conversion, blur, DCT, bits), decode excluded,
// over -reps runs with one reused Hasher; hash_cpu_ms is the mean CPU time
// of the hashing thread per run (Linux; NaN elsewhere), which stays
// meaningful on a machine shared with other jobs. A summary line on stderr
// gives the means per image.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"math"
	"os"
	"runtime"
	"slices"
	"time"

	"github.com/gharbal/gharbal/fingerprint/imagefile"
	"github.com/gharbal/gharbal/fingerprint/pdq"
)

func main() {
	runtime.LockOSThread()
	reps := flag.Int("reps", 10, "timed repetitions per file")
	mode := flag.String("mode", "full-resolution", "full-resolution or squash-512")
	dihedral := flag.Bool("dihedral", false, "time the 8 dihedral hashes instead of one")
	flag.Parse()
	if flag.NArg() == 0 || *reps < 1 {
		fmt.Fprintln(os.Stderr, "usage: pdqtime [-reps N] [-mode full-resolution|squash-512] [-dihedral] FILE...")
		os.Exit(2)
	}
	var m pdq.Mode
	switch *mode {
	case "full-resolution":
		m = pdq.FullResolution
	case "squash-512":
		m = pdq.Squash512
	default:
		fmt.Fprintf(os.Stderr, "pdqtime: unknown -mode %q\n", *mode)
		os.Exit(2)
	}
	h := pdq.NewHasher(pdq.WithMode(m))
	dec := imagefile.Decoder{MaxPixels: -1, MaxBytes: -1}
	fmt.Println("file,width,height,decode_ms,hash_ms,hash_min_ms,hash_cpu_ms,pdq,quality")
	var sumDecode, sumHash, sumCPU float64
	n := 0
	for _, path := range flag.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "pdqtime: %v\n", err)
			os.Exit(1)
		}
		var img image.Image
		decodeTimes := make([]float64, *reps)
		for i := range decodeTimes {
			t0 := time.Now()
			img, _, err = dec.Decode(bytes.NewReader(data))
			decodeTimes[i] = ms(time.Since(t0))
			if err != nil {
				fmt.Fprintf(os.Stderr, "pdqtime: %s: %v\n", path, err)
				os.Exit(1)
			}
		}
		var hash pdq.Hash
		var q int
		hashTimes := make([]float64, *reps)
		cpu0, cpuOK := threadCPU()
		for i := range hashTimes {
			t0 := time.Now()
			if *dihedral {
				var d [8]pdq.Hash
				d, q, err = h.Dihedral(img)
				hash = d[pdq.Original]
			} else {
				hash, q, err = h.Sum(img)
			}
			hashTimes[i] = ms(time.Since(t0))
			if err != nil {
				fmt.Fprintf(os.Stderr, "pdqtime: %s: %v\n", path, err)
				os.Exit(1)
			}
		}
		cpu1, _ := threadCPU()
		cpuMS := math.NaN()
		if cpuOK {
			cpuMS = ms(cpu1-cpu0) / float64(*reps)
		}
		b := img.Bounds()
		dm, hm := median(decodeTimes), median(hashTimes)
		fmt.Printf("%s,%d,%d,%.3f,%.3f,%.3f,%.3f,%v,%d\n", path, b.Dx(), b.Dy(), dm, hm, slices.Min(hashTimes), cpuMS, hash, q)
		sumDecode += dm
		sumHash += hm
		sumCPU += cpuMS
		n++
	}
	fmt.Fprintf(os.Stderr, "pdqtime: %d files, mode %s: mean per image: decode %.3f ms, hash %.3f ms wall / %.3f ms CPU (decode excluded), %.3f ms both\n",
		n, m, sumDecode/float64(n), sumHash/float64(n), sumCPU/float64(n), (sumDecode+sumHash)/float64(n))
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return s[len(s)/2]
}
