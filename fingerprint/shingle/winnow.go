package shingle

// Winnow appends to dst the shingles of seq selected by robust winnowing with
// window w (Schleimer, Wilkerson, Aiken 2003) and returns the extended slice.
//
// In every window of w consecutive shingles the one with the smallest hash is
// selected (the rightmost one on ties); a position is appended once, when it
// is first selected, so the output is in text order with no repeats. The
// guarantee: if two sequences share a run of at least w consecutive shingles
// — for n-gram shingles, a shared passage of at least w+n-1 tokens — then at
// least one selected hash is common to both outputs. Sequences shorter than w
// give their (rightmost) minimum. A w below 1 is treated as 1 (every shingle
// is selected). Winnow does not retain seq or dst, and allocates nothing when
// dst has capacity.
func Winnow(dst, seq []Shingle, w int) []Shingle {
	if len(seq) == 0 {
		return dst
	}
	if w < 1 {
		w = 1
	}
	if w > len(seq) {
		w = len(seq)
	}
	minAt := -1
	last := -1
	for end := w - 1; end < len(seq); end++ {
		lo := end - w + 1
		if minAt < lo {
			// The previous minimum left the window: rescan it.
			minAt = lo
			for i := lo + 1; i <= end; i++ {
				if seq[i].Hash <= seq[minAt].Hash {
					minAt = i
				}
			}
		} else if seq[end].Hash <= seq[minAt].Hash {
			minAt = end
		}
		if minAt != last {
			dst = append(dst, seq[minAt])
			last = minAt
		}
	}
	return dst
}
