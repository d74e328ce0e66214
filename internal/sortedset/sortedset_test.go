package sortedset

import "testing"

func TestJaccard(t *testing.T) {
	for _, c := range []struct {
		a, b  []uint64
		inter int
		j     float64
	}{
		{nil, nil, 0, 0},
		{[]uint64{1, 2, 3}, nil, 0, 0},
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 3, 1},
		{[]uint64{1, 3, 5, 7}, []uint64{2, 3, 4, 7, 9}, 2, 2.0 / 7},
		{[]uint64{10}, []uint64{1, 2, 10}, 1, 1.0 / 3},
	} {
		if got := Intersection(c.a, c.b); got != c.inter {
			t.Errorf("Intersection(%v, %v) = %d, want %d", c.a, c.b, got, c.inter)
		}
		if got := Jaccard(c.a, c.b); got != c.j || Jaccard(c.b, c.a) != c.j {
			t.Errorf("Jaccard(%v, %v) = %v, want %v (both ways)", c.a, c.b, got, c.j)
		}
	}
}
