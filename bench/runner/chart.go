package main

import (
	"bytes"
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// spread is the min–max range of a server's runs, drawn as error bars.
type spread struct {
	xys      plotter.XYs
	low, hig []float64
}

func (s spread) Len() int                        { return len(s.xys) }
func (s spread) XY(i int) (float64, float64)     { return s.xys[i].X, s.xys[i].Y }
func (s spread) XError(i int) (float64, float64) { return s.low[i], s.hig[i] }

// chartSVG draws the median requests/s of each server as horizontal bars,
// healthlite's in blue and the others in grey, with the min–max of the runs
// as error bars, and returns the SVG document.
func chartSVG(sums []summary, title string) ([]byte, error) {
	var rows []summary
	for _, s := range sums {
		if s.Runs > 0 {
			rows = append(rows, s)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("chart: no server ran cleanly")
	}
	// Bars go bottom-up; reverse so the table's first row is on top.
	n := len(rows)
	ours := make(plotter.Values, n)
	peers := make(plotter.Values, n)
	names := make([]string, n)
	sp := spread{xys: make(plotter.XYs, n), low: make([]float64, n), hig: make([]float64, n)}
	labels := plotter.XYLabels{XYs: make(plotter.XYs, n), Labels: make([]string, n)}
	for i, s := range rows {
		y := n - 1 - i
		names[y] = s.Server
		if strings.HasPrefix(s.Server, "healthlite") {
			ours[y] = s.RPS
		} else {
			peers[y] = s.RPS
		}
		sp.xys[y] = plotter.XY{X: s.RPS, Y: float64(y)}
		sp.low[y], sp.hig[y] = s.RPS-s.MinRPS, s.MaxRPS-s.RPS
		labels.XYs[y] = plotter.XY{X: s.MaxRPS, Y: float64(y)}
		labels.Labels[y] = fmt.Sprintf("  %.1fk", s.RPS/1000)
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "requests/s (median; whiskers: min–max of the runs)"
	p.X.Min = 0
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
	maxX := 0.0
	for _, s := range rows {
		maxX = max(maxX, s.MaxRPS)
	}
	p.X.Max = maxX * 1.2
	w, err := p.WriterTo(8*vg.Inch, vg.Length(n)*0.45*vg.Inch+1.2*vg.Inch, "svg")
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}
