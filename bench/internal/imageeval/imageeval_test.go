package imageeval

import (
	"bytes"
	"testing"
)

func TestGenerateDeterministic(t *testing.T) {
	a, b := Generate(7, 64), Generate(7, 64)
	if !bytes.Equal(a.Pix, b.Pix) {
		t.Error("Generate(7) differs between calls")
	}
	if c := Generate(8, 64); bytes.Equal(a.Pix, c.Pix) {
		t.Error("Generate(7) == Generate(8)")
	}
	w, h := Size(7, 64)
	if a.Bounds().Dx() != w || a.Bounds().Dy() != h {
		t.Errorf("Generate(7) is %v, Size says %dx%d", a.Bounds(), w, h)
	}
}

func TestTransformsGeometry(t *testing.T) {
	m := Generate(3, 100)
	w, h := m.Bounds().Dx(), m.Bounds().Dy()
	by := map[string]Transform{}
	for _, tr := range Transforms() {
		by[tr.Name] = tr
		out, err := tr.Apply(m, 1)
		if err != nil {
			t.Fatalf("%s: %v", tr.Name, err)
		}
		if out.Bounds().Empty() {
			t.Errorf("%s: empty image", tr.Name)
		}
	}
	r90, _ := by["rotate 90"].Apply(m, 1)
	if r90.Bounds().Dx() != h || r90.Bounds().Dy() != w {
		t.Errorf("rotate 90: %v from %dx%d", r90.Bounds(), w, h)
	}
	// Four quarter turns and two flips are the identity.
	x := m
	for range 4 {
		x, _ = by["rotate 90"].Apply(x, 1)
	}
	if !bytes.Equal(x.Pix, m.Pix) {
		t.Error("rotate 90 four times is not the identity")
	}
	r270, _ := by["rotate 270"].Apply(r90, 1)
	if !bytes.Equal(r270.Pix, m.Pix) {
		t.Error("rotate 270 does not undo rotate 90")
	}
	f, _ := by["flip horizontal"].Apply(m, 1)
	f, _ = by["flip horizontal"].Apply(f, 1)
	if !bytes.Equal(f.Pix, m.Pix) {
		t.Error("flip twice is not the identity")
	}
	c, _ := by["crop 10% each side"].Apply(m, 1)
	if c.Bounds().Dx() != w-2*int(0.1*float64(w)) {
		t.Errorf("crop 10%%: width %d from %d", c.Bounds().Dx(), w)
	}
	o, _ := by["text overlay"].Apply(m, 1)
	if bytes.Equal(o.Pix, m.Pix) {
		t.Error("text overlay changed nothing")
	}
}
