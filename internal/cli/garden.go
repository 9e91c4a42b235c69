package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
	"github.com/spf13/cobra"
)

// GardenOptions are the inputs of the garden-wide commands (demo, announce).
type GardenOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Message string
}

// NewCmdDemo builds `demo`.
func NewCmdDemo(f *Factory) *cobra.Command {
	opts := &GardenOptions{IO: f.IO, Service: f.Service}
	return markCreatesGarden(&cobra.Command{
		Use:   "demo",
		Short: "Load a living demo garden (safe to run twice)",
		Long: "Load a demo garden: a dozen projects of every plant type and growth stage with\n" +
			"growth history, about twenty skills in four constellations, and some weather.\n" +
			"Items that already exist (by name) are left alone, so a second run changes nothing.",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output = f.Output()
			return demoRun(cmd.Context(), opts)
		},
	})
}

// demoCounts is `demo --output json`.
type demoCounts struct {
	Created map[string]int `json:"created"`
	Present map[string]int `json:"already_present"`
}

func demoRun(ctx context.Context, opts *GardenOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	res, err := svc.LoadDemo(ctx)
	if err != nil {
		return err
	}
	counts := demoCounts{
		Created: map[string]int{"projects": res.ProjectsCreated, "growth_log": res.GrowthLogCreated,
			"skills": res.SkillsCreated, "connections": res.ConnectionsCreated, "weather": res.WeatherCreated},
		Present: map[string]int{"projects": res.ProjectsPresent, "growth_log": 0,
			"skills": res.SkillsPresent, "connections": res.ConnectionsPresent, "weather": res.WeatherPresent},
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, counts)
	}
	rows := [][]string{}
	for _, k := range []string{"projects", "growth_log", "skills", "connections", "weather"} {
		rows = append(rows, []string{k, fmt.Sprint(counts.Created[k]), fmt.Sprint(counts.Present[k])})
	}
	return printTable(opts.IO.Out, []string{"Demo", "Created", "Already present"}, rows)
}

// NewCmdAnnounce builds `announce`.
func NewCmdAnnounce(f *Factory) *cobra.Command {
	opts := &GardenOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   `announce "message"`,
		Short: "Send a system announcement to every open garden",
		Args:  exactArgs("message"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Message = f.Output(), args[0]
			return announceRun(cmd.Context(), opts)
		},
	}
}

func announceRun(ctx context.Context, opts *GardenOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	ev, err := svc.Announce(ctx, opts.Message)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Event(ev))
	}
	_, err = fmt.Fprintf(opts.IO.Out, "Announced (event %d)\n", ev.ID)
	return err
}

// NewCmdSet groups the commands that set the garden's state.
func NewCmdSet(f *Factory) *cobra.Command {
	cmd := newGroupCmd("set", "Set the garden's mood and weather")
	cmd.AddCommand(NewCmdSetMood(f))
	return cmd
}

// MoodOptions are the inputs of `set mood`.
type MoodOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Mood    domain.Mood
}

// moodFlags are the raw flags of `set mood`; unset ones stay nil.
type moodFlags struct {
	musicMood, weather                       string
	productivity, creativity, stress, intens float64
	hold                                     time.Duration
}

// NewCmdSetMood builds `set mood`.
func NewCmdSetMood(f *Factory) *cobra.Command {
	opts := &MoodOptions{IO: f.IO, Service: f.Service}
	var m moodFlags
	cmd := &cobra.Command{
		Use:   "mood",
		Short: "Override the garden's weather from your mood",
		Long: "Set the weather by hand; it holds for --for (default 2h), then the weather model resumes.\n\n" +
			"Without --weather the sky follows the mood with the weather model's own rule\n" +
			"(docs/weather-model.md): stress >= 0.6 → stormy; at night, productivity or\n" +
			"creativity >= 0.6 → aurora, else starry; by day productivity >= 0.4 → sunny,\n" +
			"else cloudy. Unset scores are 0, creativity comes from the music mood.\n" +
			"Without --intensity it is the rule's intensity for the weather type.\n" +
			"The time of day and the season stay those of the current weather.",
		Example: "  greenhouse set mood --music-mood calm --productivity 0.8 --stress 0.2\n" +
			"  greenhouse set mood --weather aurora --intensity 0.9 --for 2h",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output, opts.Mood = f.Output(), m.mood(cmd)
			return setMoodRun(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&m.musicMood, "music-mood", "", "what the music feels like, e.g. calm, energetic")
	fs.Float64Var(&m.productivity, "productivity", 0, "productivity, 0 to 1")
	fs.Float64Var(&m.creativity, "creativity", 0, "creativity, 0 to 1 (default: from the music mood)")
	fs.Float64Var(&m.stress, "stress", 0, "stress, 0 to 1")
	fs.StringVar(&m.weather, "weather", "", "weather type (default: from the mood, see above)")
	fs.Float64Var(&m.intens, "intensity", 0, "weather intensity, 0 to 1")
	fs.DurationVar(&m.hold, "for", 2*time.Hour, "how long the override holds (at most 168h)")
	return cmd
}

func (m *moodFlags) mood(cmd *cobra.Command) domain.Mood {
	set := func(name string, v *float64) *float64 {
		if cmd.Flags().Changed(name) {
			return v
		}
		return nil
	}
	return domain.Mood{MusicMood: m.musicMood, WeatherType: m.weather, For: m.hold,
		Productivity: set("productivity", &m.productivity), Creativity: set("creativity", &m.creativity),
		Stress: set("stress", &m.stress), Intensity: set("intensity", &m.intens)}
}

func setMoodRun(ctx context.Context, opts *MoodOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	w, changed, err := svc.SetMood(ctx, opts.Mood)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, api.WeatherUpdate{Weather: wire.Weather(w), Changed: changed})
	}
	until := "-"
	if w.OverrideUntil != nil {
		until = w.OverrideUntil.UTC().Format(time.RFC3339)
	}
	return printFields(opts.IO.Out, [][2]string{
		{"Weather", w.WeatherType}, {"Intensity", num(w.Intensity)}, {"Music mood", orDash(w.MusicMood)},
		{"Productivity", optNum(w.ProductivityScore)}, {"Stress", optNum(w.StressLevel)},
		{"Source", w.Source}, {"Holds until", until},
	})
}
