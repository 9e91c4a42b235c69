package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// parsePosition reads "x,y,z". A malformed value is the caller's mistake in
// the position field, so it is reported like the domain's own validation.
func parsePosition(raw string) (domain.Position, error) {
	parts := strings.Split(raw, ",")
	if len(parts) != 3 {
		return domain.Position{}, domain.Invalid("position", fmt.Sprintf("%q must be three numbers x,y,z", raw))
	}
	var xyz [3]float64
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return domain.Position{}, domain.Invalid("position", fmt.Sprintf("%q must be three numbers x,y,z", raw))
		}
		xyz[i] = v
	}
	return domain.Position{X: xyz[0], Y: xyz[1], Z: xyz[2]}, nil
}

// projectFlags are the project fields shared by `plant seed` and
// `project edit`.
type projectFlags struct {
	Name, Description, Repo, DemoURL string
	Type, Status, Visibility, Stage  string
	Tech                             []string
	Position                         string
}

func (p *projectFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVar(&p.Name, "name", "", "project name")
	fs.StringVar(&p.Description, "description", "", "what the project is")
	fs.StringVar(&p.Repo, "repo", "", "GitHub repository, owner/name")
	fs.StringVar(&p.DemoURL, "demo-url", "", "live demo, an http(s) URL")
	fs.StringVar(&p.Type, "type", "", "plant type: "+strings.Join(domain.PlantTypes, ", "))
	fs.StringSliceVar(&p.Tech, "tech", nil, "technologies, comma separated")
	fs.StringVar(&p.Position, "position", "", "position in the garden, x,y,z")
	fs.StringVar(&p.Status, "status", "", "status: "+strings.Join(domain.ProjectStatuses, ", "))
	fs.StringVar(&p.Visibility, "visibility", "", "visibility: "+strings.Join(domain.Visibilities, ", "))
	fs.StringVar(&p.Stage, "stage", "", "growth stage: "+strings.Join(domain.GrowthStages, ", "))
}

// input turns the flags into a new project.
func (p *projectFlags) input() (domain.PlantInput, error) {
	in := domain.PlantInput{
		Name: p.Name, Description: p.Description, GithubRepo: p.Repo, DemoURL: p.DemoURL,
		PlantType: p.Type, Technologies: p.Tech, Status: p.Status, Visibility: p.Visibility,
		GrowthStage: p.Stage,
	}
	if p.Position != "" {
		pos, err := parsePosition(p.Position)
		if err != nil {
			return in, err
		}
		in.Position = pos
	}
	return in, nil
}

// patch turns only the flags given on the command line into a patch, so
// an edit never resets a field the owner did not mention.
func (p *projectFlags) patch(cmd *cobra.Command) (domain.ProjectPatch, error) {
	var patch domain.ProjectPatch
	changed := cmd.Flags().Changed
	str := func(flag string, v *string) *string {
		if changed(flag) {
			return v
		}
		return nil
	}
	patch.Name, patch.Description = str("name", &p.Name), str("description", &p.Description)
	patch.GithubRepo, patch.DemoURL = str("repo", &p.Repo), str("demo-url", &p.DemoURL)
	patch.PlantType, patch.GrowthStage = str("type", &p.Type), str("stage", &p.Stage)
	patch.Status, patch.Visibility = str("status", &p.Status), str("visibility", &p.Visibility)
	if changed("tech") {
		patch.Technologies = &p.Tech
	}
	if changed("position") {
		pos, err := parsePosition(p.Position)
		if err != nil {
			return patch, err
		}
		patch.Position = &pos
	}
	return patch, nil
}

// requireValue returns value, or asks for it in a terminal. Without one
// (or when JSON output is for a script) a missing value is a usage error.
func requireValue(io *IOStreams, output, flag, value string) (string, error) {
	if strings.TrimSpace(value) != "" {
		return value, nil
	}
	if !io.IsTerminal || output == FormatJSON {
		return "", usageErrorf("--%s is required", flag)
	}
	answer, err := io.Prompt(strings.ToUpper(flag[:1]) + flag[1:] + ": ")
	if err != nil {
		return "", err
	}
	return answer, nil
}

// requireSomeFlag rejects an edit that names nothing to change: silently
// doing nothing would hide a typo in the command line.
func requireSomeFlag(cmd *cobra.Command) error {
	changed := false
	cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) { changed = changed || f.Changed })
	if !changed {
		return usageErrorf("nothing to change: give at least one flag (see %s --help)", cmd.CommandPath())
	}
	return nil
}
