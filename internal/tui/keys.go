package tui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the dashboard's global keys; panels add their own (see
// panel.Keys) to the help.
type KeyMap struct {
	Range24h key.Binding
	Range7d  key.Binding
	Range30d key.Binding
	Range90d key.Binding
	Next     key.Binding
	Prev     key.Binding
	Refresh  key.Binding
	Help     key.Binding
	Quit     key.Binding
}

// DefaultKeyMap is the dashboard's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Range24h: key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "24h")),
		Range7d:  key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "7d")),
		Range30d: key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "30d")),
		Range90d: key.NewBinding(key.WithKeys("4"), key.WithHelp("4", "90d")),
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next panel")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous panel")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "keys")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ranges maps the range keys to the dashboard's date_range values.
func (k KeyMap) ranges() []struct {
	b key.Binding
	r string
} {
	return []struct {
		b key.Binding
		r string
	}{{k.Range24h, "24h"}, {k.Range7d, "7d"}, {k.Range30d, "30d"}, {k.Range90d, "90d"}}
}

// helpMap joins the global keys and the focused panel's for bubbles/help.
type helpMap struct {
	keys  KeyMap
	panel []key.Binding
}

func (h helpMap) ShortHelp() []key.Binding {
	k := h.keys
	return []key.Binding{withHelp(k.Range24h, "1-4", "range"), k.Next, k.Refresh, k.Help, k.Quit}
}

func (h helpMap) FullHelp() [][]key.Binding {
	k := h.keys
	cols := [][]key.Binding{
		{k.Range24h, k.Range7d, k.Range30d, k.Range90d},
		{k.Next, k.Prev, k.Refresh},
		{k.Help, k.Quit},
	}
	if len(h.panel) > 0 {
		cols = append(cols, h.panel)
	}
	return cols
}

func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}
