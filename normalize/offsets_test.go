package normalize

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAppendOffsetsExact pins the offset of every output byte on small
// inputs, worked out by hand.
func TestAppendOffsetsExact(t *testing.T) {
	tests := []struct {
		level Level
		in    string
		out   string
		offs  []int32
	}{
		{Conservative, "A\u200cb", "ab", []int32{0, 4}},
		{Conservative, "ﻃﺎ", "طا", []int32{0, 0, 3, 3}},
		{Conservative, " x  y ", "x y", []int32{1, 2, 4}},
		{Conservative, "aaaa", "a", []int32{0}},
		{Conservative, "ح\u06ecا", "خا", []int32{0, 0, 4, 4}},
		{Conservative, "ﷺ", "صلي الله عليه وسلم", repeat(0, len("صلي الله عليه وسلم"))},
		{Conservative, "Ø.", "o.", []int32{0, 2}},
		{Canonical, "e\u0301x", "éx", []int32{0, 0, 3}},
		{Aggressive, "j.i.h", "jih", []int32{0, 2, 4}},
		{Aggressive, "x1y!", "xiy", []int32{0, 1, 2}},
		{Aggressive, "نت", "ٮٮ", []int32{0, 0, 2, 2}},
	}
	for _, tt := range tests {
		p := mustNew(t, tt.level)
		out, offs := p.AppendOffsets(nil, nil, []byte(tt.in))
		assert.Equal(t, tt.out, string(out), "%v AppendOffsets(%+q)", tt.level, tt.in)
		assert.Equal(t, tt.offs, offs, "%v AppendOffsets(%+q) offsets", tt.level, tt.in)
	}
}

func repeat(v int32, n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = v
	}
	return s
}
