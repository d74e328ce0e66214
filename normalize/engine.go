package normalize

import (
	"math"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// Bounds on the look-behind context. They make memory bounded on the stream
// path and are part of the normalization: a one-shot call applies them too.
const (
	maxWord   = 1024 // aggressive: output bytes of one word before it is broken by a space (see cut)
	maxSeg    = 30   // combining runes kept per character (UAX #15 stream-safe limit)
	maxStreak = 32   // single letters joined into one word before a new word starts (aggressive, see finishWord1)
	maxStem   = 32   // longest word (bytes) the English stemmer sees
	noPos     = -1
	// composeDropped in state.composeAt: the last letter was a dropped
	// repeat of a mark-sequence base (collapse), see composeDropped.
	composeDropped = -2
)

// state is the context of one normalization run; it carries over between the
// chunks of a Transformer. Positions are indices into dst.
type state struct {
	general   bool  // tests: take the general path of run only, never a fast path
	wo        bool  // record offsets
	dstBase   int   // len(dst) at start
	offsBase  int   // len(offs) at start
	base      int64 // stream offset of src[0]
	started   bool  // something was emitted
	pendSpace bool
	spaceOff  int32

	// aggressive: a punctuation mark after a letter, deleted if the next
	// output is a letter of the same script (softScript), else a space
	softPend   bool
	softOff    int32
	softScript uint32

	lastRune  rune // last emitted rune, 0 after a boundary
	lastPos   int
	runLen    int
	composeAt int

	wordStart     int // where the current word region starts (its leading space)
	wordBody      int // where its first rune starts
	wordStartedAt bool
	wordFlags     uint32 // entry flags seen in the current word (fLatin, fLeet, fPositional)
	wordBroken    bool   // aggressive: a run of letters in the current word was broken by a deletion (delBreak)

	lastStarter int
	segStart    int
	segDirty    bool
	segCount    int

	streak      int // aggressive: single-letter words in a row
	scanSp      int // set by scan
	streakStart int
	streakBody  int
}

func (st *state) init(dstLen, offsLen int, wo bool) {
	*st = state{wo: wo, dstBase: dstLen, offsBase: offsLen, composeAt: noPos,
		wordStart: dstLen, wordBody: dstLen, lastStarter: dstLen, lastPos: noPos}
}

// safe is the first dst position that later input may still change: at
// the Aggressive level the current word and a run of single letters, at the
// others the last two runes (repeats, mark sequences, StrictYeh) and an open
// NFC segment.
func (st *state) safe(n int, aggressive bool) int {
	s := n
	if aggressive {
		s = min(s, st.wordStart)
	} else if st.lastPos != noPos {
		s = min(s, st.lastPos-2*utf8.UTFMax)
	} else {
		s = min(s, st.wordBody)
	}
	if st.segDirty {
		s = min(s, st.segStart)
	}
	if st.streak > 0 {
		s = min(s, st.streakStart)
	}
	return s
}

// shift moves every position by -d after the first d bytes of the buffer
// were dropped (Transformer).
func (st *state) shift(d int) {
	st.lastPos -= d
	if st.composeAt >= 0 {
		st.composeAt -= d
	}
	st.wordStart -= d
	st.wordBody -= d
	st.lastStarter -= d
	st.segStart -= d
	st.streakStart -= d
	st.streakBody -= d
}

func (st *state) oi(k int) int { return k - st.dstBase + st.offsBase }

func (st *state) off(i int) int32 {
	o := st.base + int64(i)
	if o > math.MaxInt32 {
		return math.MaxInt32
	}
	return int32(o)
}

// scan returns the end of the run of already-normal one- and two-byte runes
// that starts at src[i] (with single spaces between them below Aggressive),
// and updates the repeat state for it; st.scanSp is the input position of
// the last space in the run, or -1.
func (p *Profile) scan(st *state, src []byte, i, dstLen int) int {
	plain := p.plain
	collapse := p.collapse
	prev, run := st.lastRune, st.runLen
	lastSp := -1
	j := i
	// an aggressive word is cut after maxWord bytes: stop before
	lim := min(len(src), i+p.wordRoom-utf8.UTFMax-(dstLen-st.wordBody))
	for j < lim {
		c := src[j]
		r := rune(c)
		n := 1
		if c >= utf8.RuneSelf {
			if c < 0xC2 || c >= 0xE0 || j+1 >= len(src) || src[j+1]&0xC0 != 0x80 {
				break
			}
			r = rune(c&0x1F)<<6 | rune(src[j+1]&0x3F)
			n = 2
		}
		k := plain[r]
		if k >= clsOther {
			if r == prev && k >= clsLetter {
				thr := collapse
				if k == clsArabic && thr == 2 {
					thr = 3 // runLimit, written out: this loop is measured slower through it
				}
				if thr > 0 && run+1 >= thr {
					break
				}
				run++
			} else if k >= clsLetter {
				run = 1
			} else {
				run = 0
			}
			prev = r
			j += n
			continue
		}
		if k != clsSpace || j == i || j+1 >= len(src) {
			break
		}
		// a space must be followed by a plain rune
		c2 := src[j+1]
		r2 := rune(c2)
		if c2 >= utf8.RuneSelf {
			if c2 < 0xC2 || c2 >= 0xE0 || j+2 >= len(src) || src[j+2]&0xC0 != 0x80 {
				break
			}
			r2 = rune(c2&0x1F)<<6 | rune(src[j+2]&0x3F)
		}
		if plain[r2] < clsOther {
			break
		}
		lastSp, run, prev = j, 0, 0
		j++
		lim = min(len(src), j+p.wordRoom-utf8.UTFMax)
	}
	if j > i {
		st.lastRune, st.runLen = prev, run
	}
	st.scanSp = lastSp
	return j
}

// run normalizes src, which ends at a rune boundary unless final, appending
// to dst (and offs when st.wo).
func (p *Profile) run(st *state, dst []byte, offs []int32, src []byte, final bool) ([]byte, []int32) {
	t := p.tab
	page0 := &t.pages[0]
	strict := p.opts.strictYeh
	for i := 0; i < len(src); {
		c := src[i]
		r := rune(c)
		n := 1
		var e uint32
		if c < utf8.RuneSelf {
			e = page0[c]
		} else if c >= 0xC2 && c < 0xE0 && i+1 < len(src) && src[i+1]&0xC0 == 0x80 {
			r = rune(c&0x1F)<<6 | rune(src[i+1]&0x3F)
			n = 2
			e = t.pages[r>>8][r&0xFF] // pages 0x00-0x07 are the first eight dense pages
		} else {
			r, n = utf8.DecodeRune(src[i:])
			e = t.lookup(r)
			if r == utf8.RuneError && n == 1 {
				e = kDel
			}
		}
		// fast path: a run of one- and two-byte runes that are already normal
		// (and single spaces between them), copied as one block
		if st.general {
			goto general // tests: the general path alone (fastpath_test.go)
		}
		if n <= 2 && !strict && !st.pendSpace && !st.softPend && !st.segDirty && r < 0x800 && p.plain[r] >= clsOther {
			if j := p.scan(st, src, i, len(dst)); j > i {
				pos := len(dst)
				dst = append(dst, src[i:j]...)
				if st.wo {
					for k := i; k < j; {
						o := st.off(k)
						if src[k] < utf8.RuneSelf {
							offs = append(offs, o)
							k++
						} else { // a two-byte rune: both bytes map to its start
							offs = append(offs, o, o)
							k += 2
						}
					}
				}
				if st.scanSp >= 0 {
					st.wordStart = pos + st.scanSp - i
					st.wordBody = st.wordStart + 1
				}
				if p.level == Aggressive {
					st.wordFlags |= entryUnion(p.low, src[i:j])
				}
				// the run ends with a one- or two-byte rune (never a space)
				last, ln := rune(dst[len(dst)-1]), 1
				if last >= utf8.RuneSelf {
					last, ln = rune(dst[len(dst)-2]&0x1F)<<6|last&0x3F, 2
				}
				st.lastPos, st.lastStarter, st.composeAt = len(dst)-ln, len(dst)-ln, noPos
				if p.low[last]&fCompBase != 0 {
					st.composeAt = st.lastPos // a following mark of table 2.3-B composes with it
				}
				st.started = true
				i = j
				continue
			}
		}
		// fast path: a run of one- and two-byte runes that need no context
		if !st.pendSpace && !st.softPend && !st.segDirty && !strict && n <= 2 && e&7 != kSpace {
			if j, d, o := p.block(st, dst, offs, src, i); j > i {
				i, dst, offs = j, d, o
				continue
			}
		}
		// fast path: a one-rune output that needs no context
		if k := e & 7; (k == kKeep || k == kRune) && e&fSeg == 0 && !st.pendSpace && !st.softPend && !st.segDirty {
			out := r
			if k == kRune {
				out = rune(e >> payloadShift)
			}
			if out != st.lastRune && !(strict && st.lastRune == 'ے') && len(dst)-st.wordBody < p.wordRoom-utf8.UTFMax {
				pos := len(dst)
				switch {
				case out < utf8.RuneSelf:
					dst = append(dst, byte(out))
				case out < 0x800:
					dst = append(dst, byte(0xC0|out>>6), byte(0x80|out&0x3F))
				default:
					dst = utf8.AppendRune(dst, out)
				}
				if st.wo {
					o := st.off(i)
					for k := pos; k < len(dst); k++ {
						offs = append(offs, o)
					}
				}
				st.lastRune, st.lastPos, st.lastStarter, st.composeAt = out, pos, pos, noPos
				if e&fCompBase != 0 {
					st.composeAt = pos
				}
				st.runLen = int(e>>3) & 1 // fLetter
				st.wordFlags |= e
				st.started = true
				i += n
				continue
			}
		}
	general:
		switch e & 7 {
		case kKeep:
		case kRune, kDelta:
			r = entryRune(e, r)
		case kDel:
			// deleted runes keep a mark sequence open, as in the
			// canonical NFC segment they are removed from; a rune that
			// only the Aggressive level deletes ends a run of letters and
			// a mark sequence, as it does at Conservative (so that
			// Aggressive(Conservative(x)) == Aggressive(x))
			if e>>payloadShift == delBreak {
				st.runLen, st.composeAt, st.wordBroken = 0, noPos, true
			}
			if e>>payloadShift == delCompose {
				switch {
				case st.composeAt >= 0:
					dst, offs = p.compose(st, dst, offs, r)
				case st.composeAt == composeDropped:
					dst, offs = p.composeDropped(st, dst, offs, r, st.off(i))
				}
			}
			i += n
			continue
		case kSpace:
			if e&fPunct != 0 && p.soft(st) {
				st.softPend, st.softOff = true, st.off(i)
				st.composeAt = noPos
				i += n
				continue
			}
			dst, offs = p.space(st, dst, offs, st.off(i))
			i += n
			continue
		case kStr:
			dst, offs = p.emitString(st, dst, offs, strs[e>>payloadShift], st.off(i))
			i += n
			continue
		case kSpecial: // ZWNJ
			switch p.opts.zwnj {
			case ZWNJSpace:
				dst, offs = p.space(st, dst, offs, st.off(i))
			case ZWNJKeep:
				dst, offs = p.emit(st, dst, offs, r, 0, st.off(i))
			}
			i += n
			continue
		}
		dst, offs = p.emit(st, dst, offs, r, e, st.off(i))
		i += n
	}
	if final {
		dst, offs = p.finish(st, dst, offs)
	}
	return dst, offs
}

// block is the fast path of run: it copies or maps a run of one- and
// two-byte runes whose outputs are one- or two-byte runes that need no
// context (and, below Aggressive, single spaces between them) straight into
// dst, and returns the input position where it stopped. Stopping early is
// always correct: the general path of run produces the same output.
//
// The inner loop, blockWord, carries as little state as possible so that it
// stays in registers; the offsets (AppendOffsets) and, at the Aggressive
// level, the word's entry flags are computed afterwards for the whole block.
func (p *Profile) block(st *state, dst []byte, offs []int32, src []byte, i int) (int, []byte, []int32) {
	low, bt := p.low, p.lowBlock
	aggressive := p.level == Aggressive
	// the output of the block is never longer than its input: stay within
	// the capacity of dst (and of offs)
	end := min(len(src), i+cap(dst)-len(dst))
	wo := st.wo
	if wo {
		if st.base+int64(len(src)) > math.MaxInt32 {
			return i, dst, offs // saturating offsets: the general path
		}
		end = min(end, i+cap(offs)-len(offs))
	}
	s := src[:end]
	d := dst[:cap(dst)]
	w := len(dst)
	wordBody := st.wordBody
	prev, run := st.lastRune, st.runLen
	started := st.started
	j := i
	for {
		// An aggressive word is cut at wordRoom output bytes: as no rune's
		// output is longer than its input, bounding the input to the room
		// left also bounds the output.
		lim := len(s)
		if room := wordBody + p.wordRoom - utf8.UTFMax - w; room < lim-j {
			lim = j + max(room, 0)
		}
		j0 := j
		sp := -1
		if !aggressive && started {
			sp = -2 // blockWord may take ASCII spaces
		}
		j, w, prev, run, sp = blockWord(bt, p.collapse, s[:lim], d, j, w, prev, run, sp)
		if sp >= 0 {
			st.wordStart = sp
			wordBody = sp + 1
		}
		if j > j0 {
			started = true
		}
		// any other space (tab, no-break space ...) between two outputs:
		// the next rune must be a plain one- or two-byte rune
		if j >= lim || aggressive || !started {
			break
		}
		c := s[j]
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			if c < 0xC2 || c >= 0xE0 || j+1 >= len(s) || s[j+1]&0xC0 != 0x80 {
				break
			}
			r, n = rune(c&0x1F)<<6|rune(s[j+1]&0x3F), 2
		}
		if low[r&0x7FF]&(7|fSeg) != kSpace || j+n >= len(s) {
			break
		}
		c2 := s[j+n]
		var e2 uint32
		if c2 < utf8.RuneSelf {
			e2 = low[c2]
		} else if c2 >= 0xC2 && c2 < 0xE0 && j+n+1 < len(s) && s[j+n+1]&0xC0 == 0x80 {
			e2 = low[(rune(c2&0x1F)<<6|rune(s[j+n+1]&0x3F))&0x7FF]
		} else {
			break
		}
		if k2 := e2 & (7 | fSeg); k2 != kKeep && k2 != kRune {
			break
		}
		d[w] = ' '
		st.wordStart = w
		w++
		wordBody = w
		prev, run = 0, 0
		j += n
	}
	if j == i {
		return i, dst, offs
	}
	st.composeAt = noPos
	if prev != 0 && d[w-1] != ' ' {
		lastPos := w - utf8.RuneLen(prev)
		st.lastPos, st.lastStarter = lastPos, lastPos
		// the last input rune (one or two bytes) produced prev
		last := rune(src[j-1])
		if last >= utf8.RuneSelf {
			last = rune(src[j-2]&0x1F)<<6 | last&0x3F
		}
		if low[last&0x7FF]&fCompBase != 0 {
			st.composeAt = lastPos // a following mark of table 2.3-B composes with it
		}
	}
	st.wordBody = wordBody
	st.lastRune, st.runLen = prev, run
	st.started = started
	if aggressive { // the block is part of one word (no spaces)
		st.wordFlags |= entryUnion(low, src[i:j])
	}
	if wo {
		offs = blockOffsets(bt, src, i, j, int32(st.base), offs)
	}
	return j, d[:w], offs
}

// blockWord is the inner loop of block: it maps the runes of s[j:] into
// d[w:] until a rune that needs the general path or a repeat that collapses,
// and returns the new j and w and the last output rune and its repeat
// count. bt is the Profile's lowBlock table.
//
// Below Aggressive (sp != -1 on entry) it also copies single ASCII spaces
// between two such runes, and returns in sp the output position of the last
// one (-2 for none); else it stops at a space.
func blockWord(bt *[0x800]uint32, collapse int, s, d []byte, j, w int, prev rune, run, sp int) (int, int, rune, int, int) {
	for j < len(s) {
		c := s[j]
		if c == ' ' {
			// a single space, after an output and before a rune of the
			// block (sp == w-1: the last output is a space)
			if sp == -1 || sp == w-1 || j+1 >= len(s) {
				break
			}
			c2 := s[j+1]
			r2 := rune(c2)
			if c2 >= utf8.RuneSelf {
				if c2 < 0xC2 || c2 >= 0xE0 || j+2 >= len(s) || s[j+2]&0xC0 != 0x80 {
					break
				}
				r2 = rune(c2&0x1F)<<6 | rune(s[j+2]&0x3F)
			}
			if bt[r2&0x7FF]&bNone != 0 {
				break
			}
			d[w] = ' '
			sp = w
			w++
			prev, run = 0, 0
			j++
			continue
		}
		r := rune(c)
		if c >= utf8.RuneSelf {
			if c < 0xC2 || c >= 0xE0 || j+1 >= len(s) || s[j+1]&0xC0 != 0x80 {
				break
			}
			r = rune(c&0x1F)<<6 | rune(s[j+1]&0x3F)
		}
		// the output rune is looked up, not decided from the kind of the
		// entry: Arabic-script text mixes kept and mapped letters
		// unpredictably
		x := bt[r&0x7FF]
		if x&bNone != 0 {
			break
		}
		out := rune(x & bOut)
		if out == prev && x&bLetter != 0 {
			thr := collapse
			if x&bArabic != 0 && thr == 2 {
				thr = 3 // runLimit, written out: this loop is measured slower through it
			}
			if thr > 0 && run+1 >= thr {
				break // the repeat collapses: the general path
			}
			run++
		} else {
			run = int(x>>(bFlagShift+3)) & 1 // bLetter
		}
		if out < utf8.RuneSelf {
			d[w] = byte(out)
			w++
		} else {
			d[w+1] = byte(0x80 | out&0x3F)
			d[w] = byte(0xC0 | out>>6)
			w += 2
		}
		prev = out
		j += 1 + int(c>>7) // one or two bytes (checked above)
	}
	return j, w, prev, run, sp
}

// entryUnion returns the union of the table entries of the runes of src,
// which has one- and two-byte runes only.
func entryUnion(low *[0x800]uint32, src []byte) uint32 {
	var u uint32
	for k := 0; k < len(src); k++ {
		r := rune(src[k])
		if r >= utf8.RuneSelf {
			k++
			r = r&0x1F<<6 | rune(src[k]&0x3F)
		}
		u |= low[r&0x7FF]
	}
	return u
}

// blockOffsets appends to offs the offsets of the output of block for its
// input src[i:j]: one per output byte, base plus the input offset of its
// rune (block checked that they fit in int32 and in the capacity of offs).
// bt is the lowBlock table: a rune of the block that has no output in it
// is a space, whose output is one byte.
func blockOffsets(bt *[0x800]uint32, src []byte, i, j int, base int32, offs []int32) []int32 {
	oo := offs[:cap(offs)]
	no := len(offs)
	for k := i; k < j; {
		c := src[k]
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			r, n = rune(c&0x1F)<<6|rune(src[k+1]&0x3F), 2
		}
		o := base + int32(k)
		oo[no] = o
		no++
		if x := bt[r&0x7FF]; x&bNone == 0 && x&bOut >= utf8.RuneSelf {
			oo[no] = o
			no++
		}
		k += n
	}
	return oo[:no]
}

// finish ends the text: pending segments, words and streaks are completed
// and a pending space is dropped.
func (p *Profile) finish(st *state, dst []byte, offs []int32) ([]byte, []int32) {
	if st.segDirty {
		dst, offs = p.flushSeg(st, dst, offs)
	}
	st.softPend = false // a mark at the end is a space, dropped there
	if p.level == Aggressive {
		dst, offs = p.finishWord(st, dst, offs)
		dst, offs = p.endStreak(st, dst, offs)
	}
	st.pendSpace = false
	st.wordStart, st.wordBody = len(dst), len(dst)
	return dst, offs
}

// emitString emits the runes of a multi-rune table output.
func (p *Profile) emitString(st *state, dst []byte, offs []int32, s string, off int32) ([]byte, []int32) {
	for _, r := range s {
		e := p.tab.lookup(r)
		switch e & 7 {
		case kSpace:
			dst, offs = p.space(st, dst, offs, off)
		case kDel:
		default:
			dst, offs = p.emit(st, dst, offs, entryRune(e, r), e, off)
		}
	}
	return dst, offs
}

// soft reports whether a punctuation mark at the Aggressive level may be
// deleted rather than turned into a space: it follows a Latin or
// Arabic-script letter of the current word directly (no space, no other mark
// pending), and sets st.softScript to that letter's script. Whether it is
// deleted is decided by the next output (see emit): punctuation injected
// inside a word (o-pinion, ر.نگی) does not split it.
func (p *Profile) soft(st *state) bool {
	if st.pendSpace || st.softPend || st.segDirty || st.lastRune == 0 || st.lastPos < st.wordBody {
		return false
	}
	st.softScript = p.tab.lookup(st.lastRune) & (fLatin | fArabic)
	if st.softScript == fLatin|fArabic {
		st.softScript = 0
	}
	return st.softScript != 0
}

// space handles a whitespace or separator input rune.
func (p *Profile) space(st *state, dst []byte, offs []int32, off int32) ([]byte, []int32) {
	if st.softPend {
		st.softPend = false
		off = st.softOff
	}
	if st.segDirty {
		dst, offs = p.flushSeg(st, dst, offs)
	}
	if p.level == Aggressive {
		dst, offs = p.finishWord(st, dst, offs)
	}
	if !st.pendSpace {
		st.pendSpace = true
		st.spaceOff = off
	}
	st.lastRune = 0
	st.composeAt = noPos
	return dst, offs
}

// emit appends one output rune r with entry flags e.
func (p *Profile) emit(st *state, dst []byte, offs []int32, r rune, e uint32, off int32) ([]byte, []int32) {
	if st.softPend {
		if e&fLetter == 0 || e&st.softScript == 0 {
			// not a letter of the same script: the mark was a space
			dst, offs = p.space(st, dst, offs, st.softOff)
		} else {
			st.runLen, st.wordBroken = 0, true // deleted, but it ends a run of letters (see delBreak)
		}
		st.softPend = false
	}
	if st.pendSpace {
		st.pendSpace = false
		st.wordStartedAt = st.started
		st.wordStart = len(dst)
		if st.started {
			dst = append(dst, ' ')
			if st.wo {
				offs = append(offs, st.spaceOff)
			}
		}
		st.wordBody = len(dst)
		st.lastStarter = st.wordStart
	}
	if st.segDirty && e&fSeg == 0 {
		dst, offs = p.flushSeg(st, dst, offs)
	}
	if p.opts.strictYeh && e&fArabic != 0 && st.lastRune == 'ے' && r != 'ے' {
		// ي: medial ے is a typing artefact (both copies of a run of two)
		dst[st.lastPos], dst[st.lastPos+1] = 0xD9, 0x8A
		if st.runLen == 2 && st.lastPos >= 2 {
			dst[st.lastPos-2], dst[st.lastPos-1] = 0xD9, 0x8A
		}
		st.lastRune = 'ي'
		dst, offs = p.recount(st, dst, offs)
	}
	if e&fLetter != 0 && r == st.lastRune {
		st.runLen++
		thr := runLimit(p.collapse, e&fArabic != 0)
		if thr > 0 && st.runLen >= thr {
			if st.runLen == 3 && thr == 3 {
				// two copies were emitted: drop the second
				dst = dst[:st.lastPos]
				if st.wo {
					offs = offs[:st.oi(st.lastPos)]
				}
				st.lastPos -= utf8.RuneLen(r)
			}
			st.composeAt = noPos
			if e&fCompBase != 0 {
				st.composeAt = composeDropped
			}
			return dst, offs
		}
	} else if e&fLetter != 0 {
		st.runLen = 1
	} else {
		st.runLen = 0
	}
	pos := len(dst)
	if e&fCompBase != 0 {
		st.composeAt = pos
	} else {
		st.composeAt = noPos
	}
	if e&fSeg == 0 {
		st.lastStarter = pos
	} else {
		if st.segCount >= maxSeg {
			// at most maxSeg combining runes per character (UAX #15
			// stream-safe limit); the rest of a "Zalgo" stack is dropped
			return dst, offs
		}
		if !st.segDirty {
			st.segDirty = true
			st.segStart = max(st.lastStarter, st.wordBody)
		}
		st.segCount++
	}
	st.wordFlags |= e
	if r < utf8.RuneSelf {
		dst = append(dst, byte(r))
		if st.wo {
			offs = append(offs, off)
		}
	} else {
		dst = utf8.AppendRune(dst, r)
		if st.wo {
			for k := pos; k < len(dst); k++ {
				offs = append(offs, off)
			}
		}
	}
	st.lastRune = r
	st.lastPos = pos
	st.started = true
	if len(dst)-st.wordBody >= p.wordRoom {
		dst, offs = p.space(st, dst, offs, off) // an over-long word is broken, see cut
	}
	return dst, offs
}

// cut: at the Aggressive level, a word whose output reaches maxWord bytes is
// broken by a space, as if the input had one there (its token rules need the
// whole word). The other levels need no cut: their context is at most the
// last two runes. A visible break (rather than a silent reset of
// the context) keeps the output idempotent: the next pass sees the same
// words.

// compose applies a visual mark sequence (table 2.3-B) to the base at
// st.composeAt. Bases and results have the same UTF-8 length.
func (p *Profile) compose(st *state, dst []byte, offs []int32, mark rune) ([]byte, []int32) {
	b, n := utf8.DecodeRune(dst[st.composeAt:])
	out, ok := p.tab.composeWith(b, mark)
	if !ok || utf8.RuneLen(out) != n {
		return dst, offs
	}
	utf8.EncodeRune(dst[st.composeAt:], out)
	if st.lastPos != st.composeAt {
		return dst, offs
	}
	// the composed letter may extend a run of identical letters
	st.lastRune = out
	return p.recount(st, dst, offs)
}

// recount sets st.runLen after the last rune (st.lastRune at st.lastPos)
// was rewritten in place, and collapses the run if it became too long. It
// looks back at most two runes (see state.safe).
func (p *Profile) recount(st *state, dst []byte, offs []int32) ([]byte, []int32) {
	out := st.lastRune
	n := utf8.RuneLen(out)
	st.runLen = 1
	first := st.lastPos
	for first-n >= max(st.wordBody, st.lastPos-2*utf8.UTFMax, 0) {
		if r, _ := utf8.DecodeRune(dst[first-n:]); r != out {
			break
		}
		first -= n
		st.runLen++
	}
	if p.collapse > 0 && st.runLen >= p.collapse && p.tab.lookup(out)&fLetter != 0 {
		dst = dst[:first+n]
		if st.wo {
			offs = offs[:st.oi(first+n)]
		}
		st.lastPos = first
		st.composeAt = noPos
	}
	return dst, offs
}

// composeDropped handles a composing mark after a run of three or more
// identical bases whose last copies were collapsed: as in the canonical
// level, the mark composes with the last copy, so the run is one shorter
// and the composed letter follows it.
func (p *Profile) composeDropped(st *state, dst []byte, offs []int32, mark rune, off int32) ([]byte, []int32) {
	out, ok := p.tab.composeWith(st.lastRune, mark)
	st.composeAt = noPos
	if !ok {
		return dst, offs
	}
	e := p.tab.lookup(out)
	if st.runLen == 3 { // the run was 3: two copies stay
		dst, offs = p.emitRaw(st, dst, offs, st.lastRune, off)
	}
	st.lastRune, st.runLen = 0, 0
	return p.emit(st, dst, offs, out, e, off)
}

func (p *Profile) emitRaw(st *state, dst []byte, offs []int32, r rune, off int32) ([]byte, []int32) {
	pos := len(dst)
	dst = utf8.AppendRune(dst, r)
	if st.wo {
		for k := pos; k < len(dst); k++ {
			offs = append(offs, off)
		}
	}
	st.lastPos = pos
	return dst, offs
}

// flushSeg puts the NFC segment dst[segStart:] in normal form, after
// composing visual mark sequences (Canonical keeps marks).
func (p *Profile) flushSeg(st *state, dst []byte, offs []int32) ([]byte, []int32) {
	st.segDirty = false
	st.segCount = 0
	seg := dst[st.segStart:]
	var tmp [128]byte
	work := append(tmp[:0], seg...)
	if p.level == Canonical {
		if b, bn := utf8.DecodeRune(work); bn > 0 {
			for k := bn; k < len(work); {
				m, mn := utf8.DecodeRune(work[k:])
				if out, ok := p.tab.composeWith(b, m); ok {
					w := utf8.AppendRune(tmp[:0:0], out)
					w = append(w, work[bn:k]...)
					w = append(w, work[k+mn:]...)
					work = w
					break
				}
				k += mn
			}
		}
	}
	if string(work) == string(seg) && norm.NFC.IsNormal(work) {
		return dst, offs
	}
	res := norm.NFC.Append(nil, work...)
	first := int32(0)
	if st.wo {
		first = offs[st.oi(st.segStart)]
	}
	dst = append(dst[:st.segStart], res...)
	if st.wo {
		offs = offs[:st.oi(st.segStart)]
		for range res {
			offs = append(offs, first)
		}
	}
	if st.lastPos >= len(dst) || st.lastPos >= st.segStart {
		st.lastRune, st.lastPos = 0, noPos
		st.runLen = 0
	}
	st.composeAt = noPos
	return dst, offs
}

// ---- aggressive word processing ----

func isPositional(r rune) bool {
	switch r {
	case 'ن', 'ں', 'ي', 'ى', 'ق', 'ٯ':
		return true
	}
	return false
}

func positional(r rune, medial bool) rune {
	switch r {
	case 'ن', 'ں':
		if medial {
			return 'ٮ'
		}
		return 'ں'
	case 'ي', 'ى':
		if medial {
			return 'ٮ'
		}
		return 'ى'
	case 'ق', 'ٯ':
		if medial {
			return 'ڡ'
		}
		return 'ٯ'
	}
	return r
}

// rewrite rewrites dst[start:] rune by rune with f, which returns the new
// rune (never longer in UTF-8) or -1 to delete; offsets follow their runes.
func (st *state) rewrite(dst []byte, offs []int32, start int, f func(r rune, next rune) rune) ([]byte, []int32) {
	w := start
	for k := start; k < len(dst); {
		r, n := utf8.DecodeRune(dst[k:])
		var next rune = -1
		if k+n < len(dst) {
			next, _ = utf8.DecodeRune(dst[k+n:])
		}
		o := f(r, next)
		var off int32
		if st.wo {
			off = offs[st.oi(k)]
		}
		k += n
		if o < 0 {
			continue
		}
		m := utf8.EncodeRune(dst[w:], o)
		if st.wo {
			for j := 0; j < m; j++ {
				offs[st.oi(w+j)] = off
			}
		}
		w += m
	}
	dst = dst[:w]
	if st.wo {
		offs = offs[:st.oi(w)]
	}
	return dst, offs
}

// rewriteRTL is rewrite from right to left: f sees the rune after r as
// already rewritten (-1 at the end).
func (st *state) rewriteRTL(dst []byte, offs []int32, start int, f func(r rune, next rune) rune) ([]byte, []int32) {
	end := len(dst)
	w := end
	var next rune = -1
	for k := end; k > start; {
		r, n := utf8.DecodeLastRune(dst[start:k])
		k -= n
		o := f(r, next)
		if o < 0 {
			continue
		}
		var off int32
		if st.wo {
			off = offs[st.oi(k)]
		}
		m := utf8.RuneLen(o)
		w -= m
		utf8.EncodeRune(dst[w:], o)
		if st.wo {
			for j := 0; j < m; j++ {
				offs[st.oi(w+j)] = off
			}
		}
		next = o
	}
	n := copy(dst[start:], dst[w:end])
	if st.wo {
		copy(offs[st.oi(start):], offs[st.oi(w):st.oi(end)])
		offs = offs[:st.oi(start+n)]
	}
	return dst[:start+n], offs
}

func (p *Profile) isLetter(r rune) bool { return p.tab.lookup(r)&fLetter != 0 }

func (p *Profile) isArabicLetter(r rune) bool { return r >= 0 && p.tab.lookup(r)&fArabic != 0 }

// fixWord resolves positional rasm letters and collapses repeated letters in
// dst[start:].
func (p *Profile) fixWord(st *state, dst []byte, offs []int32, start int, pos bool) ([]byte, []int32) {
	if pos {
		p.resolvePositional(dst[start:])
	}
	if p.hasCollapsible(dst[start:]) {
		return p.collapseRuns(st, dst, offs, start)
	}
	return dst, offs
}

// decode2 decodes the rune at w[0], with a fast path for the two-byte runes
// of Arabic script.
func decode2(w []byte) (rune, int) {
	if len(w) > 1 && w[0] >= 0xC2 && w[0] < 0xE0 && w[1]&0xC0 == 0x80 {
		return rune(w[0]&0x1F)<<6 | rune(w[1]&0x3F), 2
	}
	return utf8.DecodeRune(w)
}

// resolvePositional writes every positional letter of w (ن ں ي ى ق ٯ) in
// its medial form when an Arabic-script letter follows, else in its final
// form, in place: both forms are two-byte runes, as the letters are, so
// offsets do not move.
func (p *Profile) resolvePositional(w []byte) {
	prevAt := -1 // position of a positional letter waiting for its successor
	var prev rune
	for k := 0; k < len(w); {
		r, n := decode2(w[k:])
		if prevAt >= 0 {
			utf8.EncodeRune(w[prevAt:], positional(prev, p.isArabicLetter(r)))
			prevAt = -1
		}
		if isPositional(r) {
			prevAt, prev = k, r
		}
		k += n
	}
	if prevAt >= 0 {
		utf8.EncodeRune(w[prevAt:], positional(prev, false))
	}
}

// hasCollapsible reports whether w has a run of identical letters that
// collapseRuns would shorten.
func (p *Profile) hasCollapsible(w []byte) bool {
	prev, run := rune(-1), 0
	for k := 0; k < len(w); {
		r, n := decode2(w[k:])
		k += n
		if r != prev {
			prev, run = r, 1
			continue
		}
		run++
		if e := p.tab.lookup(r); e&fLetter != 0 && run >= runLimit(p.collapse, e&fArabic != 0) {
			return true
		}
	}
	return false
}

// runLimit is the length from which a run of identical letters collapses to
// one (0: never), for a profile's collapse setting (3 at Conservative, 2 at
// Aggressive, 3 in Explain's Aggressive steps before repeats): Arabic-script
// letters collapse from three at every level, since two identical rasm
// letters are usually two different letters (see collapseRuns).
func runLimit(collapse int, arabic bool) int {
	if arabic && collapse == 2 {
		return 3
	}
	return collapse
}

// collapseRuns collapses runs of identical letters in dst[start:] at the
// Aggressive level (see runLimit): Latin and other letters from two up,
// Arabic-script letters from three up. Two identical rasm letters are
// usually two different letters (بت → ٮٮ) and are kept; runs of three occur
// in no orthography.
func (p *Profile) collapseRuns(st *state, dst []byte, offs []int32, start int) ([]byte, []int32) {
	w := start
	for k := start; k < len(dst); {
		r, n := utf8.DecodeRune(dst[k:])
		end := k + n
		count := 1
		for end < len(dst) {
			r2, n2 := utf8.DecodeRune(dst[end:])
			if r2 != r {
				break
			}
			end += n2
			count++
		}
		keep := count
		if e := p.tab.lookup(r); e&fLetter != 0 && count >= runLimit(p.collapse, e&fArabic != 0) {
			keep = 1
		}
		for c := 0; c < keep; c++ {
			copy(dst[w:w+n], dst[k+c*n:k+c*n+n])
			if st.wo {
				copy(offs[st.oi(w):st.oi(w+n)], offs[st.oi(k+c*n):st.oi(k+c*n+n)])
			}
			w += n
		}
		k = end
	}
	dst = dst[:w]
	if st.wo {
		offs = offs[:st.oi(w)]
	}
	return dst, offs
}

// finishWord applies the token rules of the Aggressive level to the current
// word dst[wordBody:] and joins runs of single letters.
func (p *Profile) finishWord(st *state, dst []byte, offs []int32) ([]byte, []int32) {
	dst, offs = p.finishWord1(st, dst, offs)
	st.wordStart, st.wordBody = len(dst), len(dst) // a word is finished once
	st.wordStartedAt = st.started
	return dst, offs
}

func (p *Profile) finishWord1(st *state, dst []byte, offs []int32) ([]byte, []int32) {
	body := st.wordBody
	wf, broken := st.wordFlags, st.wordBroken
	st.wordFlags, st.wordBroken = 0, false
	if len(dst) <= body {
		return dst, offs
	}
	// leetspeak is read in tokens with a Latin letter, and in tokens of
	// one or two digits or symbols without a letter, which leetspeak
	// writes for short words (4 for a, 1 for I, 8 for b, 47 for at);
	// longer numbers stay numbers. @ and ! are not counted: outside
	// leetspeak they are deleted, and the next pass must decide alike.
	latin := wf&fLatin != 0 || wf&fLetter == 0 && shortToken(dst[body:])
	if wf&fLeet != 0 {
		// right to left, so that a symbol sees its successor already
		// converted ("$!a" → "sia" in one pass, as in the next)
		dst, offs = st.rewriteRTL(dst, offs, body, func(r, next rune) rune {
			l, ok := leetFold[r]
			if !ok {
				return r
			}
			isDigit := r >= '0' && r <= '9'
			if latin && (isDigit || next >= 0 && (p.isLetter(next) || next >= '0' && next <= '9')) {
				return l
			}
			if latin && (r == '$' || r == '@') && next < 0 {
				return l // a final $ or @ (u$, r@)
			}
			if r == '@' || r == '!' {
				return -1
			}
			return r
		})
	}
	if wf&(fPositional|fLeet) != 0 || broken {
		// runs that a break kept apart at emit are collapsed here, over
		// the whole word, as they are after Conservative kept the break
		dst, offs = p.fixWord(st, dst, offs, body, wf&(fPositional|fLeet) != 0)
	}
	if p.opts.stem && latin {
		dst, offs = p.stem(st, dst, offs, body, len(dst))
	}
	st.lastRune = 0
	if len(dst) == body { // the word vanished (only '@' or '!'): drop its space
		if body > st.wordStart {
			st.pendSpace = true
			if st.wo {
				st.spaceOff = offs[st.oi(st.wordStart)]
				offs = offs[:st.oi(st.wordStart)]
			}
			dst = dst[:st.wordStart]
		}
		st.started = st.wordStartedAt
		return dst, offs
	}
	r, n := utf8.DecodeRune(dst[body:])
	if body+n == len(dst) && p.isLetter(r) && p.join {
		if st.streak == 0 {
			st.streakStart, st.streakBody = st.wordStart, body
		}
		st.streak++
		if st.streak >= 3 {
			// remove the separators inside the streak and re-resolve the joined word
			dst, offs = st.rewrite(dst, offs, st.streakBody, func(r, _ rune) rune {
				if r == ' ' {
					return -1
				}
				return r
			})
			dst, offs = p.fixWord(st, dst, offs, st.streakBody, true)
			if st.streak >= maxStreak && utf8.RuneCount(dst[st.streakBody:]) > 1 {
				// a long run is cut into words of maxStreak letters,
				// which bounds the look-behind. The cut is a word break
				// that the next pass sees too: the joined word has two
				// letters or more, so it ends a run of single letters
				// there as well. (A run that collapsed to one letter,
				// such as "a a a ...", is not cut: it is one letter.)
				dst, offs = p.endStreak(st, dst, offs)
			}
		}
		return dst, offs
	}
	if st.streak > 0 {
		end := st.wordStart
		if st.streak >= 3 && p.opts.stem {
			dst, offs = p.stem(st, dst, offs, st.streakBody, end)
		}
		st.streak = 0
	}
	return dst, offs
}

// shortToken reports whether w has at most two runes other than @ and !.
func shortToken(w []byte) bool {
	n := 0
	for _, r := range string(w) {
		if r != '@' && r != '!' {
			if n++; n > 2 {
				return false
			}
		}
	}
	return true
}

// endStreak ends a run of joined single letters at the end of dst.
func (p *Profile) endStreak(st *state, dst []byte, offs []int32) ([]byte, []int32) {
	if st.streak >= 3 && p.opts.stem {
		dst, offs = p.stem(st, dst, offs, st.streakBody, len(dst))
	}
	st.streak = 0
	return dst, offs
}

// stem replaces an all-ASCII-letter word dst[start:end] by its English stem,
// iterated with repeat collapse to a fixed point so that the result is stable.
func (p *Profile) stem(st *state, dst []byte, offs []int32, start, end int) ([]byte, []int32) {
	w := dst[start:end]
	if len(w) < 3 || len(w) > maxStem {
		return dst, offs
	}
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return dst, offs
		}
	}
	s := string(w)
	// to a fixed point: one pass of the stemmer takes off one suffix
	// (oingingingg -> oinging -> oing -> o); every pass that changes s
	// shortens it or rewrites a final y, so 2*maxStem passes always reach it
	for range 2 * maxStem {
		t := collapseASCII(english.Stem(s, false))
		if t == s {
			break
		}
		s = t
	}
	if s == string(w) {
		return dst, offs
	}
	tail := append([]byte(s), dst[end:]...)
	var tailOffs []int32
	if st.wo {
		tailOffs = make([]int32, 0, len(tail))
		for k := range s {
			tailOffs = append(tailOffs, offs[st.oi(start+min(k, end-start-1))])
		}
		tailOffs = append(tailOffs, offs[st.oi(end):]...)
		offs = append(offs[:st.oi(start)], tailOffs...)
	}
	d := len(s) - (end - start)
	dst = append(dst[:start], tail...)
	if end <= st.wordStart {
		st.wordStart += d
		st.wordBody += d
	}
	return dst, offs
}

func collapseASCII(s string) string {
	b := []byte(s)
	w := 0
	for i := range b {
		if i > 0 && b[i] == b[w-1] {
			continue
		}
		b[w] = b[i]
		w++
	}
	return string(b[:w])
}
