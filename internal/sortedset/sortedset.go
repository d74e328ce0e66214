// Package sortedset computes the overlap of sets held as sorted slices
// without duplicates, the form shingle and key sets take across the project.
// Its functions are pure and safe for concurrent use.
package sortedset

// Intersection returns |a ∩ b| of two sorted sets without duplicates.
func Intersection(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Jaccard returns |a ∩ b| / |a ∪ b| of two sorted sets without duplicates,
// and 0 when both are empty.
func Jaccard(a, b []uint64) float64 {
	inter := Intersection(a, b)
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
