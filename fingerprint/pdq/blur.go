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
//     second column pass, so only a ring of (window+2) rows is kept instead
//     of two full-image float32 buffers;
//   - the row passes run over two rows at once, interleaving two chains of
//     dependent additions (whose latency bounds a single row's pass);
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

// box1D2 is box1D on two rows of equal length at once. Each row's running
// sum sees exactly box1D's operations; interleaving two independent chains
// of dependent additions roughly halves the time, which the latency of the
// additions bounds.
func box1D2(inA, inB, outA, outB []float32, w int) {
	n := len(inA)
	inB, outA, outB = inB[:n], outA[:n], outB[:n]
	half := (w + 2) / 2
	var sa, sb float32
	cur := 0
	ri, li, oi := 0, 0, 0
	for ; ri < half-1; ri++ {
		sa += inA[ri]
		sb += inB[ri]
		cur++
	}
	for ; ri < w; ri++ {
		sa += inA[ri]
		sb += inB[ri]
		cur++
		fc := float32(cur)
		outA[oi] = sa / fc
		outB[oi] = sb / fc
		oi++
	}
	fc := float32(cur)
	for ; ri < n; ri++ {
		sa += inA[ri]
		sb += inB[ri]
		sa -= inA[li]
		sb -= inB[li]
		outA[oi] = sa / fc
		outB[oi] = sb / fc
		li++
		oi++
	}
	for ; oi < n; oi++ {
		sa -= inA[li]
		sb -= inB[li]
		cur--
		fc := float32(cur)
		outA[oi] = sa / fc
		outB[oi] = sb / fc
		li++
	}
}

// boxSums is box1D without the divisions: sums[i] is the running sum box1D
// divides by boxCount(i) to produce out[i].
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

// boxSums2 is box1D on two rows at once without the divisions: sums[i] is
// the running sum box1D divides by boxCount(i) to produce out[i].
func boxSums2(inA, inB, sumA, sumB []float32, w int) {
	n := len(inA)
	inB, sumA, sumB = inB[:n], sumA[:n], sumB[:n]
	half := (w + 2) / 2
	var sa, sb float32
	ri, li, oi := 0, 0, 0
	for ; ri < half-1; ri++ {
		sa += inA[ri]
		sb += inB[ri]
	}
	for ; ri < w; ri++ {
		sa += inA[ri]
		sb += inB[ri]
		sumA[oi] = sa
		sumB[oi] = sb
		oi++
	}
	for ; ri < n; ri++ {
		sa += inA[ri]
		sb += inB[ri]
		sa -= inA[li]
		sb -= inB[li]
		sumA[oi] = sa
		sumB[oi] = sb
		li++
		oi++
	}
	for ; oi < n; oi++ {
		sa -= inA[li]
		sb -= inB[li]
		sumA[oi] = sa
		sumB[oi] = sb
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
	ring       []float32 // (w+2) rows of width
	in         int       // rows pushed
	cur        int       // current window count
	out        int       // rows emitted
}

func (c *colBox) reset(n, w, width int) {
	c.n, c.w, c.half, c.width = n, w, (w+2)/2, width
	c.sums = growF(c.sums, width)
	clear(c.sums)
	c.ring = growF(c.ring, (w+2)*width)
	c.in, c.cur, c.out = 0, 0, 0
}

// slot returns the ring row that the k-th next pushed row (k = 0 or 1)
// must be written to. The ring holds w+2 rows so that the row after next
// can be written before the next push, which reads the row w before it.
func (c *colBox) slot(k int) []float32 {
	i := (c.in + k) % (c.w + 2)
	return c.ring[i*c.width : (i+1)*c.width]
}

// push adds the row just written to slot(). If an output row is due it
// reports true and, when dst is not nil, writes the row to dst. Not dividing
// (dst == nil) leaves the running sums exactly as dividing would.
func (c *colBox) push(dst []float32) bool {
	r := c.in
	row := c.slot(0)
	c.in++
	sums := c.sums[:len(row)]
	if r >= c.w {
		k := (r - c.w) % (c.w + 2)
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
	k := li % (c.w + 2)
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
	luma     [2][]float32 // source rows
	r1out    [2][]float32 // output rows of the first column pass
	sums2    [2][]float32 // running sums of the second row pass
	pend     int          // rows waiting in r1out
	wr       int          // window along rows
	xs       [64]int      // sampled columns
	xdiv     [64]float32
	ys       [64]int // sampled rows
	next     int     // next sampled row index into a
	row64    [64]float32
}

// run blurs src and samples it into a.
func (st *stream) run(src *source, a *[64][64]float32) {
	rows, cols := src.rows, src.cols
	wr, wc := windowSize(cols), windowSize(rows)
	st.wr = wr
	st.cb1.reset(rows, wc, cols)
	st.cb2.reset(rows, wc, 64)
	for k := range 2 {
		st.luma[k] = growF(st.luma[k], cols)
		st.r1out[k] = growF(st.r1out[k], cols)
		st.sums2[k] = growF(st.sums2[k], cols)
	}
	for j := range 64 {
		st.xs[j] = decimateIndex(j, cols)
		st.xdiv[j] = float32(boxCount(st.xs[j], cols, wr))
		st.ys[j] = decimateIndex(j, rows)
	}
	st.next, st.pend = 0, 0
	// First row pass, two rows at a time, into the first column pass.
	y := 0
	for ; y+1 < rows; y += 2 {
		box1D2(src.row(y, st.luma[0]), src.row(y+1, st.luma[1]), st.cb1.slot(0), st.cb1.slot(1), wr)
		st.push1(a)
		st.push1(a)
	}
	if y < rows {
		box1D(src.row(y, st.luma[0]), st.cb1.slot(0), wr)
		st.push1(a)
	}
	for st.cb1.flush(st.r1out[st.pend]) {
		st.pend++
		if st.pend == 2 {
			st.stage2(a)
		}
	}
	st.stage2(a)
	for st.cb2.flush(st.pending()) {
		st.emit2(a)
	}
}

// push1 pushes the row in cb1.slot(0) into the first column pass, queueing
// its output row, if any, for the second row pass.
func (st *stream) push1(a *[64][64]float32) {
	if st.cb1.push(st.r1out[st.pend]) {
		st.pend++
		if st.pend == 2 {
			st.stage2(a)
		}
	}
}

// stage2 takes the queued output rows of the first column pass, in order,
// through the second row pass (two at a time) and into the second column
// pass.
func (st *stream) stage2(a *[64][64]float32) {
	switch st.pend {
	case 0:
		return
	case 1:
		boxSums(st.r1out[0], st.sums2[0], st.wr)
	default:
		boxSums2(st.r1out[0], st.r1out[1], st.sums2[0], st.sums2[1], st.wr)
	}
	for k := range st.pend {
		in := st.cb2.slot(0)
		sums := st.sums2[k]
		for j, x := range st.xs {
			in[j] = sums[x] / st.xdiv[j]
		}
		if st.cb2.push(st.pending()) {
			st.emit2(a)
		}
	}
	st.pend = 0
}

// pending returns the buffer the second column pass should divide into when
// its next output row is sampled, or nil.
func (st *stream) pending() []float32 {
	if st.next < 64 && st.ys[st.next] == st.cb2.out {
		return st.row64[:]
	}
	return nil
}

// emit2 copies the output row the second column pass just emitted into a,
// once per sampled index that maps to it (none if it is not sampled).
func (st *stream) emit2(a *[64][64]float32) {
	o := st.cb2.out - 1
	for st.next < 64 && st.ys[st.next] == o {
		a[st.next] = st.row64
		st.next++
	}
}
