package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
	"github.com/spf13/cobra"
)

// NewCmdSkill groups the skill constellation commands.
func NewCmdSkill(f *Factory) *cobra.Command {
	cmd := newGroupCmd("skill", "Manage the skill constellation", "skills")
	cmd.AddCommand(
		NewCmdSkillAdd(f),
		NewCmdSkillList(f),
		NewCmdSkillShow(f),
		NewCmdSkillEdit(f),
		NewCmdSkillRemove(f),
		NewCmdSkillConnect(f),
		NewCmdSkillDisconnect(f),
	)
	return cmd
}

// skillFlags are the skill fields shared by `skill add` and `skill edit`.
type skillFlags struct {
	Name, Category, Constellation, Color, IconURL, Description string
	FirstUsed, LastUsed                                        string
	Proficiency, Hours                                         int
	Brightness                                                 float64
	Clear                                                      []string
}

// register defines the flags. Editing, every flag applies only when given,
// so none shows a default in the help; adding, the proficiency starts at 1.
// The brightness and the dates are derived when not given, so they show none
// either way.
func (s *skillFlags) register(cmd *cobra.Command, editing bool) {
	fs := cmd.Flags()
	proficiency := 1
	if editing {
		proficiency = 0
	}
	fs.StringVar(&s.Name, "name", "", "skill name")
	fs.StringVar(&s.Category, "category", "", "category: "+strings.Join(domain.SkillCategories, ", "))
	fs.StringVar(&s.Constellation, "constellation", "", "constellation group the star belongs to")
	fs.IntVar(&s.Proficiency, "proficiency", proficiency, "proficiency, 1 to 10")
	fs.Float64Var(&s.Brightness, "brightness", 0, "visual prominence, 0 to 1 (manual: the insights job keeps it; derived when not given)")
	fs.StringVar(&s.FirstUsed, "first-used", "", "first used, YYYY-MM-DD (manual; derived from the projects when not given)")
	fs.StringVar(&s.LastUsed, "last-used", "", "last used, YYYY-MM-DD (manual; derived from the projects when not given)")
	fs.IntVar(&s.Hours, "hours", 0, "hours practiced")
	fs.StringVar(&s.Color, "color", "", "colour, #rrggbb")
	fs.StringVar(&s.IconURL, "icon-url", "", "icon, an http(s) URL")
	fs.StringVar(&s.Description, "description", "", "what the skill covers")
}

// dates parses the date flags given on the command line.
func (s *skillFlags) dates(cmd *cobra.Command) (first, last *time.Time, err error) {
	parse := func(flag, v string) (*time.Time, error) {
		if !cmd.Flags().Changed(flag) {
			return nil, nil
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil, usageErrorf("--%s: %q is not a date like 2024-05-01", flag, v)
		}
		return &t, nil
	}
	if first, err = parse("first-used", s.FirstUsed); err != nil {
		return nil, nil, err
	}
	last, err = parse("last-used", s.LastUsed)
	return first, last, err
}

// input keeps the brightness and the dates only when given: those are
// manual values the insights job keeps.
func (s *skillFlags) input(cmd *cobra.Command) (domain.SkillInput, error) {
	in := domain.SkillInput{
		Name: s.Name, Category: s.Category, ConstellationGroup: s.Constellation,
		ProficiencyLevel: s.Proficiency, HoursPracticed: s.Hours,
		ColorHex: s.Color, IconURL: s.IconURL, Description: s.Description,
	}
	if cmd.Flags().Changed("brightness") {
		in.Brightness = &s.Brightness
	}
	var err error
	in.FirstUsedDate, in.LastUsedDate, err = s.dates(cmd)
	return in, err
}

// patch keeps only the flags given on the command line.
func (s *skillFlags) patch(cmd *cobra.Command) (domain.SkillPatch, error) {
	changed := cmd.Flags().Changed
	str := func(flag string, v *string) *string {
		if changed(flag) {
			return v
		}
		return nil
	}
	p := domain.SkillPatch{
		Name: str("name", &s.Name), Category: str("category", &s.Category),
		ConstellationGroup: str("constellation", &s.Constellation), ColorHex: str("color", &s.Color),
		IconURL: str("icon-url", &s.IconURL), Description: str("description", &s.Description),
	}
	if changed("proficiency") {
		p.ProficiencyLevel = &s.Proficiency
	}
	if changed("hours") {
		p.HoursPracticed = &s.Hours
	}
	if changed("brightness") {
		p.Brightness = &s.Brightness
	}
	p.Clear = s.Clear
	var err error
	p.FirstUsedDate, p.LastUsedDate, err = s.dates(cmd)
	return p, err
}

// SkillOptions are the inputs of the skill commands that take one skill.
type SkillOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Skill   string // id or name
	Input   domain.SkillInput
	Patch   domain.SkillPatch
}

// NewCmdSkillAdd builds `skill add`.
func NewCmdSkillAdd(f *Factory) *cobra.Command {
	opts := &SkillOptions{IO: f.IO, Service: f.Service}
	var flags skillFlags
	cmd := &cobra.Command{
		Use:     "add",
		Short:   "Add a star to the constellation",
		Example: `  greenhouse skill add --name Go --category backend --constellation "Systems" --proficiency 8`,
		Args:    exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			in, err := flags.input(cmd)
			if err != nil {
				return err
			}
			opts.Output, opts.Input = f.Output(), in
			return skillAddRun(cmd.Context(), opts)
		},
	}
	flags.register(cmd, false)
	return cmd
}

func skillAddRun(ctx context.Context, opts *SkillOptions) error {
	var err error
	if opts.Input.Name, err = requireValue(opts.IO, opts.Output, "name", opts.Input.Name); err != nil {
		return err
	}
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	sk, err := svc.AddSkill(ctx, opts.Input)
	if err != nil {
		return err
	}
	return printSkill(opts, sk)
}

func printSkill(opts *SkillOptions, sk *domain.Skill) error {
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Skill(sk))
	}
	return printFields(opts.IO.Out, skillFields(sk))
}

func skillFields(sk *domain.Skill) [][2]string {
	// origin says who set a derived value: the owner (kept by the insights
	// job until cleared) or the job.
	origin := func(field, v string) string {
		if sk.Manual.Is(field) {
			return v + " (manual)"
		}
		return v + " (derived)"
	}
	day := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.Format(time.DateOnly)
	}
	return [][2]string{
		{"ID", sk.ID.String()}, {"Name", sk.Name}, {"Category", orDash(sk.Category)},
		{"Constellation", orDash(sk.ConstellationGroup)}, {"Proficiency", fmt.Sprint(sk.ProficiencyLevel)},
		{"Brightness", origin(domain.SkillBrightness, num(sk.Brightness))}, {"Hours", fmt.Sprint(sk.HoursPracticed)},
		{"Projects", fmt.Sprint(sk.ProjectsUsedIn)},
		{"First used", origin(domain.SkillFirstUsedDate, day(sk.FirstUsedDate))},
		{"Last used", origin(domain.SkillLastUsedDate, day(sk.LastUsedDate))},
		{"Velocity", num(sk.LearningVelocity) + " levels/year"},
		{"Colour", orDash(sk.ColorHex)}, {"Description", orDash(sk.Description)},
	}
}

// NewCmdSkillList builds `skill list`.
func NewCmdSkillList(f *Factory) *cobra.Command {
	opts := &SkillOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List skills by constellation",
		Args:    exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output = f.Output()
			return skillListRun(cmd.Context(), opts)
		},
	}
}

func skillListRun(ctx context.Context, opts *SkillOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	skills, err := svc.ListSkills(ctx)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Skills(skills))
	}
	rows := make([][]string, len(skills))
	for i, sk := range skills {
		rows[i] = []string{orDash(sk.ConstellationGroup), sk.Name, orDash(sk.Category),
			fmt.Sprint(sk.ProficiencyLevel), num(sk.Brightness), sk.ID.String()}
	}
	return printTable(opts.IO.Out, []string{"Constellation", "Name", "Category", "Proficiency", "Brightness", "ID"}, rows)
}

// SkillDetail is `skill show --output json`: the skill's wire fields with
// the connections that touch it.
type SkillDetail struct {
	api.Skill
	Connections []api.SkillConnection `json:"connections"`
}

// NewCmdSkillShow builds `skill show`.
func NewCmdSkillShow(f *Factory) *cobra.Command {
	opts := &SkillOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   "show <id|name>",
		Short: "Show a skill and its connections",
		Args:  exactArgs("id-or-name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Skill = f.Output(), args[0]
			return skillShowRun(cmd.Context(), opts)
		},
	}
}

func skillShowRun(ctx context.Context, opts *SkillOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	sk, err := svc.ResolveSkill(ctx, opts.Skill)
	if err != nil {
		return err
	}
	conns, names, err := skillConnections(ctx, svc, sk)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, SkillDetail{Skill: wire.Skill(sk), Connections: wire.Connections(conns)})
	}
	if err := printFields(opts.IO.Out, skillFields(sk)); err != nil {
		return err
	}
	rows := make([][]string, len(conns))
	for i, c := range conns {
		other := c.SkillA
		if other == sk.ID {
			other = c.SkillB
		}
		corr := "-"
		if c.LearningCorrelation != nil {
			corr = num(*c.LearningCorrelation)
		}
		rows[i] = []string{names[other.String()], c.ConnectionType, num(c.Strength), fmt.Sprint(c.ProjectsCombined), corr}
	}
	return printTable(opts.IO.Out, []string{"Connected to", "Type", "Strength", "Projects", "Correlation"}, rows)
}

// skillConnections returns the connections of sk and every skill's name by id.
func skillConnections(ctx context.Context, svc *domain.Service, sk *domain.Skill) ([]*domain.SkillConnection, map[string]string, error) {
	all, err := svc.ListConnections(ctx)
	if err != nil {
		return nil, nil, err
	}
	skills, err := svc.ListSkills(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]string, len(skills))
	for _, s := range skills {
		names[s.ID.String()] = s.Name
	}
	mine := []*domain.SkillConnection{}
	for _, c := range all {
		if c.SkillA == sk.ID || c.SkillB == sk.ID {
			mine = append(mine, c)
		}
	}
	return mine, names, nil
}

// NewCmdSkillEdit builds `skill edit`: only the flags given change.
func NewCmdSkillEdit(f *Factory) *cobra.Command {
	opts := &SkillOptions{IO: f.IO, Service: f.Service}
	var flags skillFlags
	cmd := &cobra.Command{
		Use:   "edit <id|name>",
		Short: "Change a skill; only the flags given are applied",
		Long: "Change a skill; only the flags given are applied. A brightness or a date given here is\n" +
			"manual: the daily insights job keeps it until --clear hands it back to the job.",
		Example: `  greenhouse skill edit Go --brightness 0.9 --first-used 2015-03-01
  greenhouse skill edit Go --clear brightness,first_used_date`,
		Args: exactArgs("id-or-name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireSomeFlag(cmd); err != nil {
				return err
			}
			patch, err := flags.patch(cmd)
			if err != nil {
				return err
			}
			opts.Output, opts.Skill, opts.Patch = f.Output(), args[0], patch
			return skillEditRun(cmd.Context(), opts)
		},
	}
	flags.register(cmd, true)
	cmd.Flags().StringSliceVar(&flags.Clear, "clear", nil,
		"derived values to hand back to the insights job: "+strings.Join(domain.SkillDerivedFields, ", "))
	return cmd
}

func skillEditRun(ctx context.Context, opts *SkillOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	sk, err := svc.EditSkill(ctx, opts.Skill, opts.Patch)
	if err != nil {
		return err
	}
	return printSkill(opts, sk)
}

// NewCmdSkillRemove builds `skill remove`.
func NewCmdSkillRemove(f *Factory) *cobra.Command {
	opts := &SkillOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:     "remove <id|name>",
		Aliases: []string{"rm"},
		Short:   "Remove a skill and its connections",
		Args:    exactArgs("id-or-name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Skill = f.Output(), args[0]
			return skillRemoveRun(cmd.Context(), opts)
		},
	}
}

func skillRemoveRun(ctx context.Context, opts *SkillOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	sk, err := svc.RemoveSkill(ctx, opts.Skill)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Skill(sk))
	}
	_, err = fmt.Fprintf(opts.IO.Out, "Removed skill %q (%s)\n", sk.Name, sk.ID)
	return err
}

// ConnectOptions are the inputs of `skill connect` and `skill disconnect`.
type ConnectOptions struct {
	IO       *IOStreams
	Service  func(context.Context) (*domain.Service, error)
	Output   string
	Input    domain.ConnectInput
	strength float64
}

// NewCmdSkillConnect builds `skill connect`.
func NewCmdSkillConnect(f *Factory) *cobra.Command {
	opts := &ConnectOptions{IO: f.IO, Service: f.Service}
	cmd := &cobra.Command{
		Use:     "connect <skill> <skill>",
		Short:   "Connect two skills (or update their connection)",
		Example: `  greenhouse skill connect Go PostgreSQL --type complement --strength 0.7`,
		Args:    exactArgs("skill-a", "skill-b"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Input.A, opts.Input.B = f.Output(), args[0], args[1]
			if cmd.Flags().Changed("strength") {
				opts.Input.Strength = &opts.strength
			}
			return skillConnectRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Input.Type, "type", "complement", "connection type: "+strings.Join(domain.ConnectionTypes, ", "))
	cmd.Flags().Float64Var(&opts.strength, "strength", 0.5, "connection strength, 0 to 1")
	return cmd
}

func skillConnectRun(ctx context.Context, opts *ConnectOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	c, created, err := svc.Connect(ctx, opts.Input)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, api.ConnectionResult{Connection: wire.Connection(c), Created: created})
	}
	verb := "Updated"
	if created {
		verb = "Connected"
	}
	_, err = fmt.Fprintf(opts.IO.Out, "%s %s ↔ %s (%s, strength %s)\n", verb, opts.Input.A, opts.Input.B, c.ConnectionType, num(c.Strength))
	return err
}

// NewCmdSkillDisconnect builds `skill disconnect`.
func NewCmdSkillDisconnect(f *Factory) *cobra.Command {
	opts := &ConnectOptions{IO: f.IO, Service: f.Service}
	return &cobra.Command{
		Use:   "disconnect <skill> <skill>",
		Short: "Remove the connection between two skills, in either order",
		Args:  exactArgs("skill-a", "skill-b"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Input.A, opts.Input.B = f.Output(), args[0], args[1]
			return skillDisconnectRun(cmd.Context(), opts)
		},
	}
}

func skillDisconnectRun(ctx context.Context, opts *ConnectOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	if err := svc.Disconnect(ctx, opts.Input.A, opts.Input.B); err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, map[string]string{"skill_a": opts.Input.A, "skill_b": opts.Input.B, "status": "disconnected"})
	}
	_, err = fmt.Fprintf(opts.IO.Out, "Disconnected %s and %s\n", opts.Input.A, opts.Input.B)
	return err
}
