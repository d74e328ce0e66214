package pdq

// This file is the reference's downscaling (downscaling.cpp): two passes of
// a box filter along rows then along columns ("Jarosz" tent filter), then
// centre-sampling to 64x64. The arithmetic per output value is exactly the
// reference's: the same float32 running sums, added and subtracted in the
// same order, divided by the same window counts. Only the order in which
// independent values are computed differs:
//
//   - the column pass runs over all columns at once, row by row, with a
//     vector of running sums, instead of walking each column with a stride
//     of a whole row (one cache miss per element in the reference);
//   - the passes are streamed: a row leaves the first row pass, enters the
//     first column pass, whose output rows feed the second row pass and the
//     second column pass, so only a ring of (window+1) rows is kept instead
//     of two full-image float32 buffers;
//   - the second row pass divides only at the 64 sampled columns and the
//     second column pass runs only over those columns and divides only at
//     the 64 sampled rows, since no other value reaches the output.

// windowSize is the reference's computeJaroszFilterWindowSize(n, 64):
// ceil(n/128).
func windowSize(n int) int {
	return (n + 2*64 - 1) / (2 * 64)
}

// box1D is the reference's box1DFloat with stride 1: out[i] is the mean of
// in[i-(w-half) .. i+half-1], clipped to the vector, half = (w+2)/2,
// computed with one float32 running sum.
func box1D(in, out []float32, w int) {
	n := len(in)
	out = out[:n]
	half := (w + 2) / 2
	var sum float32
	cur := 0
	ri, li, oi := 0, 0, 0
	for ; ri < half-1; ri++ {
		sum += in[ri]
		cur++
	}
	for ; ri < w; ri++ {
		sum += in[ri]
		cur++
		out[oi] = sum / float32(cur)
		oi++
	}
	fc := float32(cur)
	for ; ri < n; ri++ {
		sum += in[ri]
		sum -= in[li]
		out[oi] = sum / fc
		li++
		oi++
	}
	for ; oi < n; oi++ {
		sum -= in[li]
		cur--
		out[oi] = sum / float32(cur)
		li++
	}
}

// boxSums is box1D without the divisions: sums[i] is the running sum box1D
// divides by count(i) to produce out[i].
func boxSums(in, sums []float32, w int) {
	n := len(in)
	sums = sums[:n]
	half := (w + 2) / 2
	var sum float32
	ri, li, oi := 0, 0, 0
	for ; ri < half-1; ri++ {
		sum += in[ri]
	}
	for ; ri < w; ri++ {
		sum += in[ri]
		sums[oi] = sum
		oi++
	}
	for ; ri < n; ri++ {
		sum += in[ri]
		sum -= in[li]
		sums[oi] = sum
		li++
		oi++
	}
	for ; oi < n; oi++ {
		sum -= in[li]
		sums[oi] = sum
		li++
	}
}

// boxCount is the number of inputs box1D averages for output i of n with
// window w.
func boxCount(i, n, w int) int {
	half := (w + 2) / 2
	hi := min(i+half-1, n-1)
	lo := max(i-(w-half), 0)
	return hi - lo + 1
}

// decimateIndex is the reference's decimateFloat source index for output i
// of 64 from n: int(((i + 0.5) * n) / 64) in double precision.
func decimateIndex(i, n int) int {
	return int(((float64(i) + 0.5) * float64(n)) / 64)
}

// colBox runs box1D down every column of a stream of rows at once. Rows are
// pushed in order; each push or flush may emit one output row.
type colBox struct {
	n, w, half int
	width      int
	sums       []float32
	ring       []float32 // (w+1) rows of width
	in         int       // rows pushed
	cur        int       // current window count
	out        int       // rows emitted
}

func (c *colBox) reset(n, w, width int) {
	c.n, c.w, c.half, c.width = n, w, (w+2)/2, width
	c.sums = growF(c.sums, width)
	clear(c.sums)
	c.ring = growF(c.ring, (w+1)*width)
	c.in, c.cur, c.out = 0, 0, 0
}

// slot returns the ring row that the next pushed row must be written to.
func (c *colBox) slot() []float32 {
	k := c.in % (c.w + 1)
	return c.ring[k*c.width : (k+1)*c.width]
}

// push adds the row just written to slot(). If an output row is due it
// reports true and, when dst is not nil, writes the row to dst. Not dividing
// (dst == nil) leaves the running sums exactly as dividing would.
func (c *colBox) push(dst []float32) bool {
	r := c.in
	row := c.slot()
	c.in++
	sums := c.sums[:len(row)]
	if r >= c.w {
		k := (r - c.w) % (c.w + 1)
		old := c.ring[k*c.width : (k+1)*c.width]
		old = old[:len(row)]
		if dst == nil {
			for j, v := range row {
				s := sums[j] + v
				sums[j] = s - old[j]
			}
		} else {
			fc := float32(c.cur)
			dst = dst[:len(row)]
			for j, v := range row {
				s := sums[j] + v
				s -= old[j]
				sums[j] = s
				dst[j] = s / fc
			}
		}
		c.out++
		return true
	}
	for j, v := range row {
		sums[j] += v
	}
	c.cur++
	if r < c.half-1 {
		return false
	}
	if dst != nil {
		c.divide(dst)
	}
	c.out++
	return true
}

// flush emits the next of the last half-1 output rows (phase 4 of box1D),
// reporting false when none is left.
func (c *colBox) flush(dst []float32) bool {
	if c.out >= c.n {
		return false
	}
	li := c.n - c.w + (c.out - (c.n - c.half + 1))
	k := li % (c.w + 1)
	old := c.ring[k*c.width : (k+1)*c.width]
	sums := c.sums[:len(old)]
	for j, v := range old {
		sums[j] -= v
	}
	c.cur--
	if dst != nil {
		c.divide(dst)
	}
	c.out++
	return true
}

func (c *colBox) divide(dst []float32) {
	fc := float32(c.cur)
	dst = dst[:len(c.sums)]
	for j, s := range c.sums {
		dst[j] = s / fc
	}
}

// stream holds the pipeline's buffers, reused from image to image.
type stream struct {
	cb1, cb2 colBox
	r1out    []float32 // output of the first column pass, one row
	sums2    []float32 // running sums of the second row pass, one row
	xs       [64]int   // sampled columns
	xdiv     [64]float32
	ys       [64]int // sampled rows
	row64    [64]float32
}

// run blurs src and samples it into a.
func (st *stream) run(src *source, a *[64][64]float32) {
	rows, cols := src.rows, src.cols
	wr, wc := windowSize(cols), windowSize(rows)
	st.cb1.reset(rows, wc, cols)
	st.cb2.reset(rows, wc, 64)
	st.r1out = growF(st.r1out, cols)
	st.sums2 = growF(st.sums2, cols)
	for j := range 64 {
		st.xs[j] = decimateIndex(j, cols)
		st.xdiv[j] = float32(boxCount(st.xs[j], cols, wr))
		st.ys[j] = decimateIndex(j, rows)
	}
	next := 0 // next sampled row index i into a
	// stage2 takes one output row of the first column pass (in r1out) through
	// the second row pass and into the second column pass.
	stage2 := func() {
		boxSums(st.r1out, st.sums2, wr)
		in := st.cb2.slot()
		for j, x := range st.xs {
			in[j] = st.sums2[x] / st.xdiv[j]
		}
		st.emit2(st.cb2.push(st.pending(next)), a, &next)
	}
	for y := range rows {
		box1D(src.row(y), st.cb1.slot(), wr)
		if st.cb1.push(st.r1out) {
			stage2()
		}
	}
	for st.cb1.flush(st.r1out) {
		stage2()
	}
	for {
		ok := st.cb2.flush(st.pending(next))
		if !ok {
			break
		}
		st.emit2(true, a, &next)
	}
}

// pending returns the buffer the second column pass should divide into when
// its next output row is sampled, or nil.
func (st *stream) pending(next int) []float32 {
	if next < 64 && st.ys[next] == st.cb2.out {
		return st.row64[:]
	}
	return nil
}

// emit2 copies a sampled output row of the second column pass into a (once
// per sampled index that maps to it).
func (st *stream) emit2(emitted bool, a *[64][64]float32, next *int) {
	if !emitted {
		return
	}
	o := st.cb2.out - 1
	for *next < 64 && st.ys[*next] == o {
		a[*next] = st.row64
		*next++
	}
}
