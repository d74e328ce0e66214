package match

import (
	"math/bits"
	"slices"
)

// table maps 32-bit keys to item numbers: a sorted []uint64 of packed
// entries key<<32 | item, with a directory over the top dirBits bits of the
// key so that a lookup touches one directory pair and a short run of
// entries. 8 bytes per entry plus at most 0.5 byte per entry of directory.
// Immutable once built; safe for concurrent readers.
type table struct {
	ent     []uint64 // sorted, key<<32 | item
	dir     []uint32 // len 1<<dirBits + 1; ent[dir[t]:dir[t+1]] have top bits t
	dirBits uint8
}

// dirBitsFor returns the directory width for n entries: about one
// directory slot per 8 entries, at least 1 bit, at most 24.
func dirBitsFor(n int) uint8 {
	b := bits.Len(uint(n/8 + 1))
	if b < 1 {
		b = 1
	}
	if b > 24 {
		b = 24
	}
	return uint8(b)
}

// newTable builds a table from entries, which it sorts in place and keeps.
func newTable(ent []uint64) table {
	slices.Sort(ent)
	return tableFromSorted(ent)
}

// tableFromSorted builds the directory over already sorted entries.
func tableFromSorted(ent []uint64) table {
	t := table{ent: ent, dirBits: dirBitsFor(len(ent))}
	t.dir = make([]uint32, 1<<t.dirBits+1)
	shift := 64 - uint(t.dirBits)
	j := 0
	for s := 0; s < 1<<t.dirBits; s++ {
		t.dir[s] = uint32(j)
		for j < len(ent) && int(ent[j]>>shift) == s {
			j++
		}
	}
	t.dir[1<<t.dirBits] = uint32(len(ent))
	return t
}

// lookup returns the entries with the given key (their low 32 bits are the
// item numbers). It allocates nothing.
func (t *table) lookup(key uint32) []uint64 {
	if len(t.ent) == 0 {
		return nil
	}
	s := key >> (32 - uint(t.dirBits))
	lo, hi := int(t.dir[s]), int(t.dir[s+1])
	want := uint64(key) << 32
	lo = lowerBound(t.ent, lo, hi, want)
	if lo == hi || uint32(t.ent[lo]>>32) != key {
		return nil
	}
	end := hi
	if key != ^uint32(0) {
		end = lowerBound(t.ent, lo, hi, want+1<<32)
	}
	return t.ent[lo:end]
}

// lowerBound returns the first index in [lo, hi) whose entry is >= x, or hi.
func lowerBound(ent []uint64, lo, hi int, x uint64) int {
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ent[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// mergeTables merges base entries (items renumbered by remap; entries of
// items mapped to noItem dropped) with extra entries (already renumbered),
// returning sorted entries. Both inputs stay unmodified except extra, which
// is sorted in place.
func mergeEntries(base []uint64, remap []uint32, extra []uint64) []uint64 {
	slices.Sort(extra)
	out := make([]uint64, 0, len(base)+len(extra))
	i, j := 0, 0
	for i < len(base) || j < len(extra) {
		if i < len(base) {
			e := base[i]
			if remap != nil {
				r := remap[uint32(e)]
				if r == noItem {
					i++
					continue
				}
				e = e&^0xffffffff | uint64(r)
			}
			if j >= len(extra) || e <= extra[j] {
				out = append(out, e)
				i++
				continue
			}
		}
		out = append(out, extra[j])
		j++
	}
	return out
}

const noItem = ^uint32(0)

func (t *table) bytes() int64 { return int64(len(t.ent))*8 + int64(len(t.dir))*4 }
