package main

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// chartFormat is the image format the charts are written in.
const chartFormat = "svg"

// bar is what a chart shows for one server: a value and its spread.
type bar struct{ Value, Min, Max float64 }

// throughputBar is a server's median requests/s and the min–max of its runs.
func throughputBar(s summary) bar { return bar{s.RPS, s.MinRPS, s.MaxRPS} }

// efficiencyBar is how many requests one CPU-second of the server serves
// (from the median CPU time per request; no spread).
func efficiencyBar(s summary) bar {
	if s.CPUPerReq <= 0 {
		return bar{}
	}
	v := float64(time.Second) / float64(s.CPUPerReq)
	return bar{v, v, v}
}

// spread is the whiskers of the bars, as plotter.XErrorBars wants them.
type spread struct {
	xys       plotter.XYs
	low, high []float64
}

func (s spread) Len() int                        { return len(s.xys) }
func (s spread) XY(i int) (float64, float64)     { return s.xys[i].X, s.xys[i].Y }
func (s spread) XError(i int) (float64, float64) { return s.low[i], s.high[i] }

// chartSVG draws value for every server that ran cleanly as horizontal bars,
// healthlite's in blue and the others in grey, the spread as whiskers and the
// value as a label, and returns the SVG document.
func chartSVG(sums []summary, title, xLabel string, value func(summary) bar) ([]byte, error) {
	var rows []summary
	for _, s := range sums {
		if s.Runs > 0 {
			rows = append(rows, s)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("chart: no server ran cleanly")
	}
	n := len(rows)
	ours := make(plotter.Values, n)
	peers := make(plotter.Values, n)
	names := make([]string, n)
	sp := spread{xys: make(plotter.XYs, n), low: make([]float64, n), high: make([]float64, n)}
	labels := plotter.XYLabels{XYs: make(plotter.XYs, n), Labels: make([]string, n)}
	maxX := 0.0
	for i, row := range rows {
		y := n - 1 - i // bars go bottom-up: the table's first row on top
		v := value(row)
		names[y] = row.Server
		if strings.HasPrefix(row.Server, "healthlite") {
			ours[y] = v.Value
		} else {
			peers[y] = v.Value
		}
		sp.xys[y] = plotter.XY{X: v.Value, Y: float64(y)}
		sp.low[y], sp.high[y] = v.Value-v.Min, v.Max-v.Value
		labels.XYs[y] = plotter.XY{X: v.Max, Y: float64(y)}
		labels.Labels[y] = fmt.Sprintf("  %.1fk", v.Value/1000)
		maxX = max(maxX, v.Max)
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.X.Min, p.X.Max = 0, maxX*1.2
	for _, part := range []struct {
		v plotter.Values
		c color.Color
	}{{ours, color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}}, {peers, color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}}} {
		bars, err := plotter.NewBarChart(part.v, vg.Points(18))
		if err != nil {
			return nil, fmt.Errorf("chart: %w", err)
		}
		bars.Horizontal = true
		bars.Color = part.c
		bars.LineStyle.Width = 0
		p.Add(bars)
	}
	eb, err := plotter.NewXErrorBars(sp)
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	p.Add(eb)
	lb, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	p.Add(lb)
	p.NominalY(names...)
	c, err := draw.NewFormattedCanvas(8*vg.Inch, vg.Length(n)*0.45*vg.Inch+1.2*vg.Inch, chartFormat)
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	// gonum sizes the nominal axis a little short for long names: leave a margin.
	p.Draw(draw.Crop(draw.New(c), 0.35*vg.Inch, -0.1*vg.Inch, 0.05*vg.Inch, -0.1*vg.Inch))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}
