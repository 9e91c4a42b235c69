package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// sourceKind names what a panel's figures come from, for stale marking.
type sourceKind int

const (
	fromDashboard sourceKind = iota
	fromRealtime
	fromWeather
	fromStream
)

// panel is one component of the dashboard. It keeps the data it shows,
// taken from the messages its Update receives (only successful loads reach
// it), and renders exactly the size SetSize gave it; the root frames it.
type panel interface {
	Title() string
	Sources() []sourceKind
	Init() tea.Cmd
	Update(msg tea.Msg) tea.Cmd
	SetSize(w, h int)
	View() string
	Keys() []key.Binding
}

// env is what every panel shares.
type env struct {
	styles Styles
	now    func() time.Time
	loc    *time.Location
}

// base implements the parts of panel most components share.
type base struct {
	env  *env
	w, h int
}

func (b *base) SetSize(w, h int)    { b.w, b.h = max(w, 0), max(h, 0) }
func (b *base) Init() tea.Cmd       { return nil }
func (b *base) Keys() []key.Binding { return nil }

// clock writes a time of today as 15:04:05, an older one as its date, both
// eight cells wide.
func (b *base) clock(t time.Time) string {
	t, now := t.In(b.env.loc), b.env.now().In(b.env.loc)
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04:05")
	}
	return fmt.Sprintf("%-8s", t.Format("Jan _2"))
}

// fit makes s exactly w cells wide and h lines high: longer lines are cut
// with an ellipsis, missing lines are blank. A view that always has the same
// size lets the renderer redraw only what changed.
func fit(s string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = pad(l, w)
	}
	return strings.Join(lines, "\n")
}

// pad cuts or pads one line to w cells.
func pad(l string, w int) string {
	if n := ansi.StringWidth(l); n > w {
		l = ansi.Truncate(l, w, "…")
	}
	if n := ansi.StringWidth(l); n < w {
		l += strings.Repeat(" ", w-n)
	}
	return l
}

// frame draws a border of w×h around content (sized w-2 × h-2), with the
// title and a status in the top edge.
func frame(b lipgloss.Border, edge lipgloss.Style, title, status string, statusStyle lipgloss.Style, content string, w, h int) string {
	if w < 4 || h < 2 {
		return fit("", w, h)
	}
	label := " " + title + " "
	if status != "" {
		label += statusStyle.Render("["+status+"]") + " "
	}
	label = ansi.Truncate(label, w-3, "… ")
	fill := max(w-3-ansi.StringWidth(label), 0)
	var out strings.Builder
	out.WriteString(edge.Render(b.TopLeft+b.Top) + label + edge.Render(strings.Repeat(b.Top, fill)+b.TopRight) + "\n")
	if h > 2 {
		for _, l := range strings.Split(fit(content, w-2, h-2), "\n") {
			out.WriteString(edge.Render(b.Left) + l + edge.Render(b.Right) + "\n")
		}
	}
	out.WriteString(edge.Render(b.BottomLeft + strings.Repeat(b.Bottom, w-2) + b.BottomRight))
	return out.String()
}

// bar is a horizontal bar of v/maxV over w cells, in eighths.
func bar(v, maxV float64, w int) string {
	if w <= 0 || maxV <= 0 || v <= 0 {
		return ""
	}
	eighths := int(math.Round(v / maxV * float64(w*8)))
	eighths = max(eighths, 1)
	full, rest := eighths/8, eighths%8
	s := strings.Repeat("█", full)
	if rest > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[rest-1])
	}
	return s
}

// human writes a count compactly: 999, 1.2k, 12k, 1.2M.
func human(n int64) string {
	switch {
	case n < 1000 && n > -1000:
		return fmt.Sprint(n)
	case n < 10_000:
		return fmt.Sprintf("%.1fk", float64(n)/1000)
	case n < 1_000_000:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprintf("%.1fM", float64(n)/1e6)
}

// delta compares a figure with the previous period's: "+12%", "-3%", "new".
func delta(cur, prev float64) string {
	switch {
	case prev == 0 && cur == 0:
		return "±0%"
	case prev == 0:
		return "new"
	}
	p := (cur - prev) / prev * 100
	if math.Abs(p) < 0.5 {
		return "±0%"
	}
	return fmt.Sprintf("%+.0f%%", p)
}

// deltaStyled colours a delta: up is good unless lowerIsBetter.
func deltaStyled(s Styles, cur, prev float64, lowerIsBetter bool) string {
	d := delta(cur, prev)
	up, down := cur > prev, cur < prev
	if lowerIsBetter {
		up, down = down, up
	}
	switch {
	case d == "±0%":
		return s.Muted.Render(d)
	case up:
		return s.Good.Render(d)
	case down:
		return s.Bad.Render(d)
	}
	return d
}

func millis(ms float64) string {
	if ms >= 1000 {
		return fmt.Sprintf("%.2f s", ms/1000)
	}
	return fmt.Sprintf("%.0f ms", ms)
}

// bigDigits is a three-line font for the live visitor count.
var bigDigits = [10][3]string{
	{"┏━┓", "┃ ┃", "┗━┛"},
	{" ┓ ", " ┃ ", " ┻ "},
	{"┏━┓", "┏━┛", "┗━━"},
	{"┏━┓", " ━┫", "┗━┛"},
	{"╻ ╻", "┗━┫", "  ╹"},
	{"┏━━", "┗━┓", "┗━┛"},
	{"┏━━", "┣━┓", "┗━┛"},
	{"╺━┓", "  ┃", "  ╹"},
	{"┏━┓", "┣━┫", "┗━┛"},
	{"┏━┓", "┗━┫", "┗━┛"},
}

// bigNumber renders n in three lines, or "" when it does not fit in w.
func bigNumber(n int, w int) string {
	s := fmt.Sprint(max(n, 0))
	if len(s)*4-1 > w {
		return ""
	}
	var rows [3]strings.Builder
	for i, r := range s {
		for j := range rows {
			if i > 0 {
				rows[j].WriteString(" ")
			}
			rows[j].WriteString(bigDigits[r-'0'][j])
		}
	}
	return rows[0].String() + "\n" + rows[1].String() + "\n" + rows[2].String()
}

// rankList renders counts as "key  bar  count" lines.
func rankList(s Styles, items []rankItem, w, h int) string {
	if len(items) == 0 {
		return s.Muted.Render("no data yet")
	}
	items = items[:min(len(items), h)]
	keyW, numW := 0, 0
	var maxV float64
	for _, it := range items {
		keyW = max(keyW, ansi.StringWidth(it.key))
		numW = max(numW, len(it.value))
		maxV = math.Max(maxV, it.n)
	}
	keyW = min(keyW, max(w-numW-2-max(w/4, 4), 4)) // leave the bar some room
	barW := max(w-keyW-numW-2, 0)
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = pad(it.key, keyW) + " " + s.Bar.Render(pad(bar(it.n, maxV, barW), barW)) + " " +
			fmt.Sprintf("%*s", numW, it.value)
	}
	return strings.Join(lines, "\n")
}

type rankItem struct {
	key   string
	n     float64
	value string
}
