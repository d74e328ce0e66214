package normalize

import "golang.org/x/text/unicode/norm"

// Step is one stage of Explain's trace.
type Step struct {
	Name   string // "input", "nfkc", "canonical", "conservative", "aggressive"
	Output string
}

// String formats s as "name: output" with the output quoted, so invisible
// characters show.
func (s Step) String() string { return s.Name + ": " + quote(s.Output) }

// Explain returns the trace of s through the profile, for notebooks: the
// input, plain NFKC (x/text) for comparison, then the output of every level
// up to p's, each with p's language and options. The last step's Output is
// p.String(s).
func (p *Profile) Explain(s string) []Step {
	steps := []Step{{"input", s}, {"nfkc", norm.NFKC.String(s)}}
	for l := Canonical; l <= p.level; l++ {
		q := p
		if l != p.level {
			o := p.opts
			o.strictYeh = o.strictYeh && l == Conservative
			o.stem = false
			if l != Canonical && o.zwnj == ZWNJKeep {
				o.zwnj = ZWNJDelete
			}
			q = mustProfile(l, p, o)
		}
		steps = append(steps, Step{l.String(), q.String(s)})
	}
	return steps
}

func mustProfile(l Level, p *Profile, o options) *Profile {
	q, err := New(l, p.tag, WithZWNJ(o.zwnj), StrictYeh(o.strictYeh), StemEnglish(o.stem))
	if err != nil {
		// unreachable: the options were valid for p and are narrowed to l
		panic("normalize: " + err.Error())
	}
	return q
}

func quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r >= 0x7F && r < 0xA0 || isInvisible(r):
			b = append(b, []byte(`\u`)...)
			const hex = "0123456789abcdef"
			if r > 0xFFFF {
				b[len(b)-1] = 'U'
				b = append(b, hex[r>>28&15], hex[r>>24&15], hex[r>>20&15], hex[r>>16&15])
			}
			b = append(b, hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		default:
			b = append(b, string(r)...)
		}
	}
	return string(append(b, '"'))
}
