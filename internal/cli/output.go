package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"
)

// printJSON writes v indented, with a trailing newline, as scripts expect.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// printTable renders a Lipgloss table. The renderer is bound to the output
// writer, so colour only appears when that writer is a terminal.
func printTable(w io.Writer, headers []string, rows [][]string) error {
	r := lipgloss.NewRenderer(w)
	header := r.NewStyle().Bold(true).Foreground(lipgloss.Color("2")).Padding(0, 1)
	cell := r.NewStyle().Padding(0, 1)
	t := table.New().
		Border(lipgloss.RoundedBorder()).
		BorderStyle(r.NewStyle().Foreground(lipgloss.Color("8"))).
		Headers(headers...).
		Rows(rows...).
		StyleFunc(func(row, _ int) lipgloss.Style {
			if row == table.HeaderRow {
				return header
			}
			return cell
		})
	if _, err := fmt.Fprintln(w, t.Render()); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// printFields renders one item as a two-column table of name and value.
func printFields(w io.Writer, fields [][2]string) error {
	rows := make([][]string, len(fields))
	for i, f := range fields {
		rows[i] = []string{f[0], f[1]}
	}
	return printTable(w, []string{"Field", "Value"}, rows)
}

// num formats a float without trailing zeros.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// optNum formats an optional float, "-" when unset.
func optNum(f *float64) string {
	if f == nil {
		return "-"
	}
	return num(*f)
}

// orDash shows "-" for an empty value so table columns stay readable.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
