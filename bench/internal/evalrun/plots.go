package evalrun

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Method colours, fixed so that every plot uses the same one per method.
var palette = []color.RGBA{
	{R: 0x1b, G: 0x9e, B: 0x77, A: 255}, // gharbal: green
	{R: 0xd9, G: 0x5f, B: 0x02, A: 255}, // naive: orange
	{R: 0x75, G: 0x70, B: 0xb3, A: 255}, // peer: purple
	{R: 0xe7, G: 0x29, B: 0x8a, A: 255},
	{R: 0x66, G: 0xa6, B: 0x1e, A: 255},
}

func colorOf(i int) color.RGBA { return palette[i%len(palette)] }

func translucent(c color.RGBA, a uint8) color.RGBA {
	f := float64(a) / 255
	return color.RGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), a}
}

func save(p *plot.Plot, dir, name string, w, h vg.Length) error {
	return p.Save(w, h, filepath.Join(dir, name))
}

// histogramPlot draws two normalized histograms (positives and negatives)
// of values in [lo, hi].
func histogramPlot(title, xlabel string, pos, neg []float64, lo, hi float64, bins int, c color.RGBA) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = "share of posts"
	p.X.Min, p.X.Max = lo, hi
	add := func(vs []float64, col color.RGBA, name string) error {
		if len(vs) == 0 {
			return nil
		}
		// Fixed bins so both histograms align: clamp into [lo, hi].
		v := make(plotter.Values, len(vs)+2)
		for i, x := range vs {
			v[i] = math.Min(hi, math.Max(lo, x))
		}
		// Two zero-weight anchors pin the bin range to [lo, hi].
		xy := make(plotter.XYs, 0, len(vs)+2)
		for _, x := range v[:len(vs)] {
			xy = append(xy, plotter.XY{X: x, Y: 1 / float64(len(vs))})
		}
		xy = append(xy, plotter.XY{X: lo, Y: 0}, plotter.XY{X: hi, Y: 0})
		h, err := plotter.NewHistogram(xy, bins)
		if err != nil {
			return err
		}
		h.FillColor = translucent(col, 140)
		h.LineStyle.Color = col
		p.Add(h)
		p.Legend.Add(fmt.Sprintf("%s (n=%d)", name, len(vs)), h)
		return nil
	}
	if err := add(pos, c, "positives"); err != nil {
		return nil, err
	}
	if err := add(neg, color.RGBA{0x55, 0x55, 0x55, 255}, "negatives"); err != nil {
		return nil, err
	}
	p.Legend.Top = true
	return p, nil
}

// rocCurve returns (false-match rate, recall) points as the decision
// threshold sweeps over thresholds; matchAt(t) counts positives and
// negatives matched at threshold t.
func rocCurve(thresholds []float64, recallAt, fmrAt func(t float64) float64, floor float64) plotter.XYs {
	var xy plotter.XYs
	for _, t := range thresholds {
		xy = append(xy, plotter.XY{X: math.Max(fmrAt(t), floor), Y: recallAt(t)})
	}
	slices.SortStableFunc(xy, func(a, b plotter.XY) int {
		switch {
		case a.X < b.X:
			return -1
		case a.X > b.X:
			return 1
		case a.Y < b.Y:
			return -1
		case a.Y > b.Y:
			return 1
		}
		return 0
	})
	return xy
}

// barPlot draws grouped bars: one group per label, one bar per series, for
// a figure width wide.
func barPlot(title, ylabel string, labels []string, series []string, values [][]float64, width vg.Length) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	p.Y.Min, p.Y.Max = 0, 1.2 // room for the legend above the bars
	p.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 0.25, Label: "0.25"},
		{Value: 0.5, Label: "0.5"}, {Value: 0.75, Label: "0.75"}, {Value: 1, Label: "1"}})
	group := width * 0.85 / vg.Length(max(1, len(labels)))
	w := group * 0.8 / vg.Length(max(1, len(series)))
	for si, name := range series {
		v := make(plotter.Values, len(labels))
		for li := range labels {
			v[li] = math.Max(0, values[si][li])
		}
		b, err := plotter.NewBarChart(v, w)
		if err != nil {
			return nil, err
		}
		b.Color = colorOf(si)
		b.LineStyle.Width = 0
		b.Offset = w * vg.Length(float64(si)-float64(len(series)-1)/2)
		p.Add(b)
		p.Legend.Add(name, b)
	}
	p.NominalX(labels...)
	p.X.Tick.Label.Rotation = math.Pi / 3
	p.X.Tick.Label.XAlign = -1.0 // right-align rotated labels under the ticks
	p.X.Tick.Label.YAlign = -0.5
	p.Legend.Top = true
	p.Legend.Left = true
	return p, nil
}
