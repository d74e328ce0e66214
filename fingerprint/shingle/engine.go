package shingle

import (
	"bytes"
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"
)

// Input is cut into segments that are normalized one at a time, at positions
// that depend only on the input bytes (never on how a Hasher's input was
// chunked), so one-shot and streaming calls normalize exactly the same
// pieces and produce identical output. A segment ends after the first '\n'
// at or after segMin bytes; failing that within segMax bytes, after the last
// space, tab or CR in [segMin-1, segMax); failing that, before the last rune
// start in the last 4 bytes below segMax.
const (
	segMin = 4096
	segMax = 64 << 10
)

// segmentEnd returns the length of the segment at the start of buf, or 0
// when more input is needed to decide (only when final is false).
func segmentEnd(buf []byte, final bool) int {
	if len(buf) < segMin {
		if final {
			return len(buf)
		}
		return 0
	}
	lim := min(len(buf), segMax)
	if i := bytes.IndexByte(buf[segMin-1:lim], '\n'); i >= 0 {
		return segMin + i
	}
	if len(buf) < segMax {
		if final {
			return len(buf)
		}
		return 0
	}
	for i := segMax - 1; i >= segMin-1; i-- {
		if c := buf[i]; c == ' ' || c == '\t' || c == '\r' {
			return i + 1
		}
	}
	for i := segMax - 1; i >= segMax-4; i-- {
		if buf[i]&0xC0 != 0x80 {
			return i
		}
	}
	return segMax - 1
}

// Character classes of the tokenizer.
const (
	clsSep uint8 = iota
	clsLetter
	clsArabic // Arabic-script letter
	clsDigit
	clsMark
	clsJoiner // ZWNJ, ZWJ
)

var (
	asciiClass  [128]uint8
	arabicClass [256]uint8 // U+0600..U+06FF
)

func init() {
	for r := rune(0); r < 128; r++ {
		asciiClass[r] = classifySlow(r)
	}
	for r := rune(0x600); r < 0x700; r++ {
		arabicClass[r-0x600] = classifySlow(r)
	}
}

func classifySlow(r rune) uint8 {
	switch {
	case r == 0x200C || r == 0x200D:
		return clsJoiner
	case unicode.IsLetter(r):
		if unicode.Is(unicode.Arabic, r) {
			return clsArabic
		}
		return clsLetter
	case unicode.IsMark(r):
		return clsMark
	case unicode.IsNumber(r):
		return clsDigit
	}
	return clsSep
}

func classify(r rune) uint8 {
	if r < 0x80 {
		return asciiClass[r]
	}
	if r >= 0x600 && r < 0x700 {
		return arabicClass[r-0x600]
	}
	return classifySlow(r)
}

// origEnd returns the end of the input rune starting at src[o], extended over
// the combining marks and tatweel that follow it.
func origEnd(src []byte, o int32) int32 {
	i := int(o)
	if i >= len(src) {
		return int32(len(src))
	}
	if c := src[i]; c < 0x80 {
		i++
	} else if c >= 0xC2 && c < 0xE0 && i+1 < len(src) && src[i+1]&0xC0 == 0x80 {
		i += 2 // decodeRune's two-byte path, inline
	} else {
		_, sz := decodeRune(src[i:])
		i += sz
	}
	for i < len(src) && src[i] >= 0x80 {
		r, sz := decodeRune(src[i:])
		if !extendsSpan(r) {
			break
		}
		i += sz
	}
	return int32(i)
}

// extendsSpan reports whether r (a combining mark or tatweel) belongs to the
// character before it.
func extendsSpan(r rune) bool {
	switch {
	case r < 0x300:
		return false
	case r >= 0x600 && r < 0x700:
		return r == 0x640 || arabicClass[r-0x600] == clsMark
	case r == utf8.RuneError:
		return false
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}

// decodeRune is utf8.DecodeRune with an inlined two-byte path (Arabic,
// Persian, Urdu and Pashto letters are two bytes).
func decodeRune(p []byte) (rune, int) {
	if len(p) >= 2 && p[0] >= 0xC2 && p[0] < 0xE0 && p[1]&0xC0 == 0x80 {
		return rune(p[0]&0x1F)<<6 | rune(p[1]&0x3F), 2
	}
	return utf8.DecodeRune(p)
}

// XXH64 constants, used to combine the n values of a shingle.
const (
	prime1 = 0x9E3779B185EBCA87
	prime2 = 0xC2B2AE3D27D4EB4F
	prime3 = 0x165667B19E3779F9
	prime5 = 0x27D4EB2F165667C5
)

func round(acc, v uint64) uint64 {
	return bits.RotateLeft64(acc+v*prime2, 31) * prime1
}

func avalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	h ^= h >> 32
	return h
}

// offsetNormalizer is the part of *normalize.Profile the engine uses; tests
// substitute an identity normalizer to pin this package's own output.
type offsetNormalizer interface {
	AppendOffsets(dst []byte, offs []int32, src []byte) ([]byte, []int32)
}

type item struct {
	v          uint64 // token hash (Words) or code point (Chars)
	start, end int32  // absolute span in the original input
}

// state is the tokenizer and n-gram state carried across segments.
type state struct {
	kind  Kind
	n     int
	seed  uint64
	ring  [MaxN]item
	count int // items pushed so far

	// Words only.
	tok       []byte // bytes of the pending token, joiners removed
	inTok     bool
	tokScript uint8 // clsLetter, clsArabic or 0 (digits/marks only so far)
	tokStart  int32 // absolute
	tokEnd    int32 // absolute end of the pending token at the last segment end
}

func (st *state) init(s *Shingler, tok []byte) {
	st.kind = s.params.Kind
	st.n = s.params.N
	st.seed = s.params.Seed
	st.tok = tok[:0]
}

// appender is the offset-free normalization of *normalize.Profile. Spans
// are the only use of offsets, so a call that returns only hashes (outS ==
// nil) normalizes with it when it is there and skips the span bookkeeping.
type appender interface {
	Append(dst, src []byte) []byte
}

// segment normalizes src (which starts at input offset base) and feeds it.
func (st *state) segment(prof offsetNormalizer, sc *scratch, src []byte, base int32, outS *[]Shingle, outH *[]uint64) {
	var norm []byte
	var offs []int32 // nil: no spans
	if a, ok := prof.(appender); ok && outS == nil {
		sc.norm = a.Append(sc.norm[:0], src)
		norm = sc.norm
	} else {
		sc.norm, sc.offs = prof.AppendOffsets(sc.norm[:0], sc.offs[:0], src)
		norm, offs = sc.norm, sc.offs
		if len(offs) < len(norm) { // defensive: a profile must give one offset per byte
			return
		}
	}
	if st.kind == Chars {
		st.chars(norm, offs, src, base, outS, outH)
		return
	}
	// Words. The pending token's bytes in this segment are norm[from:i];
	// bytes before a joiner, or from an earlier segment, are in st.tok.
	inTok, script := st.inTok, st.tokScript
	from, last := 0, -1 // last: index in norm of the token's last rune here
	for i := 0; i < len(norm); {
		c := norm[i]
		var cls uint8
		sz := 1
		if c < 0x80 {
			cls = asciiClass[c]
		} else {
			var r rune
			r, sz = decodeRune(norm[i:])
			cls = classify(r)
		}
		switch cls {
		case clsSep:
			if inTok {
				st.tok = append(st.tok, norm[from:i]...)
				st.endToken(st.tokEndAt(src, base, offs, last), outS, outH)
				inTok = false
			}
		case clsJoiner:
			if inTok { // joins the word; its bytes are left out
				st.tok = append(st.tok, norm[from:i]...)
				from = i + sz
			}
		default:
			if inTok && cls <= clsArabic && script != 0 && cls != script {
				st.tok = append(st.tok, norm[from:i]...)
				st.endToken(st.tokEndAt(src, base, offs, last), outS, outH)
				inTok = false
			}
			if !inTok {
				inTok = true
				script = 0
				if offs != nil {
					st.tokStart = base + clampOff(offs[i], src)
				}
				st.tok = st.tok[:0]
				from = i
			}
			if script == 0 && cls <= clsArabic {
				script = cls
			}
			last = i
			i += sz
			// Fast paths: the rest of an ASCII or Arabic-block run of the
			// same script (or digits) continues this token.
			if c < 0x80 {
				for i < len(norm) && norm[i] < 0x80 {
					k := asciiClass[norm[i]]
					if k != clsDigit && (k != clsLetter || script == clsArabic) {
						break
					}
					if k == clsLetter {
						script = clsLetter
					}
					last = i
					i++
				}
			} else if sz == 2 {
				for i+1 < len(norm) && norm[i] >= 0xD8 && norm[i] <= 0xDB && norm[i+1]&0xC0 == 0x80 {
					r := rune(norm[i]&0x1F)<<6 | rune(norm[i+1]&0x3F)
					k := arabicClass[r-0x600]
					if k == clsSep || k == clsJoiner || (k == clsLetter || k == clsArabic) && script != 0 && k != script {
						break
					}
					if script == 0 && k <= clsArabic {
						script = k
					}
					last = i
					i += 2
				}
			}
			continue
		}
		i += sz
	}
	if inTok {
		st.tok = append(st.tok, norm[from:]...)
		if last >= 0 && offs != nil {
			st.tokEnd = base + origEnd(src, clampOff(offs[last], src))
		}
	}
	st.inTok, st.tokScript = inTok, script
}

// clampOff keeps a profile's offset inside src.
func clampOff(o int32, src []byte) int32 {
	if o < 0 || int(o) >= len(src) {
		return int32(len(src)) - 1
	}
	return o
}

// tokEndAt returns the absolute end of the pending token: after the input
// rune of norm[last] when the token has a rune in this segment, else the end
// recorded at the previous segment's end (or that, unused, without spans).
func (st *state) tokEndAt(src []byte, base int32, offs []int32, last int) int32 {
	if last < 0 || offs == nil {
		return st.tokEnd
	}
	return base + origEnd(src, clampOff(offs[last], src))
}

func (st *state) chars(norm []byte, offs []int32, src []byte, base int32, outS *[]Shingle, outH *[]uint64) {
	for i := 0; i < len(norm); {
		c := norm[i]
		r, sz := rune(c), 1
		if c >= 0x80 {
			r, sz = decodeRune(norm[i:])
		}
		if cls := classify(r); cls != clsSep && cls != clsJoiner {
			if offs == nil {
				st.push(item{v: uint64(r)}, outS, outH)
				i += sz
				continue
			}
			o := clampOff(offs[i], src)
			var end int32
			if c < 0x80 && (int(o)+1 >= len(src) || src[o+1] < 0x80) {
				end = o + 1
			} else {
				end = origEnd(src, o)
			}
			st.push(item{v: uint64(r), start: base + o, end: base + end}, outS, outH)
		}
		i += sz
	}
}

func (st *state) endToken(end int32, outS *[]Shingle, outH *[]uint64) {
	st.inTok = false
	st.push(item{v: xxh3.HashSeed(st.tok, st.seed), start: st.tokStart, end: end}, outS, outH)
	st.tok = st.tok[:0]
}

func (st *state) push(it item, outS *[]Shingle, outH *[]uint64) {
	st.ring[st.count&(MaxN-1)] = it
	st.count++
	if st.count >= st.n {
		st.emit(st.n, outS, outH)
	}
}

// emit outputs the shingle of the last m items.
func (st *state) emit(m int, outS *[]Shingle, outH *[]uint64) {
	acc := st.seed + prime5 + uint64(st.kind)
	first := st.count - m
	for k := first; k < st.count; k++ {
		acc = round(acc, st.ring[k&(MaxN-1)].v)
	}
	h := avalanche(acc ^ uint64(m))
	if outH != nil {
		*outH = append(*outH, h)
	}
	if outS != nil {
		start, end := st.ring[first&(MaxN-1)].start, st.ring[(st.count-1)&(MaxN-1)].end
		if end < start {
			end = start
		}
		*outS = append(*outS, Shingle{Hash: h, Start: start, End: end})
	}
}

// finish ends the pending token and emits the single short-text shingle when
// fewer than n items were seen.
func (st *state) finish(outS *[]Shingle, outH *[]uint64) {
	if st.inTok {
		st.endToken(st.tokEnd, outS, outH)
	}
	if st.count > 0 && st.count < st.n {
		st.emit(st.count, outS, outH)
	}
}
