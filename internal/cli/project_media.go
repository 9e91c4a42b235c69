package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/spf13/cobra"
)

// NewCmdProjectMedia groups the commands that curate a project's media: the
// images, videos and links its page shows, in order.
func NewCmdProjectMedia(f *Factory, runF func(context.Context, *MediaOptions) error) *cobra.Command {
	cmd := newGroupCmd("media", "Curate the images, videos and links of a project's page")
	cmd.AddCommand(newCmdMediaList(f, runF), newCmdMediaAdd(f, runF), newCmdMediaRemove(f, runF))
	return cmd
}

// MediaOptions are the inputs of `project media add|remove|list`.
type MediaOptions struct {
	IO      *IOStreams
	Service func(context.Context) (*domain.Service, error)
	Output  string
	Action  string // "list", "add" or "remove"
	Project string // id or name
	Item    string // remove: the item's id or 1-based position
	Input   domain.MediaInput
}

func newCmdMediaList(f *Factory, runF func(context.Context, *MediaOptions) error) *cobra.Command {
	opts := &MediaOptions{IO: f.IO, Service: f.Service, Action: "list"}
	return &cobra.Command{
		Use:     "list <project>",
		Aliases: []string{"ls"},
		Short:   "List a project's media in order",
		Args:    exactArgs("project"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Project = f.Output(), args[0]
			return orRun(runF, mediaRun)(cmd.Context(), opts)
		},
	}
}

func newCmdMediaAdd(f *Factory, runF func(context.Context, *MediaOptions) error) *cobra.Command {
	opts := &MediaOptions{IO: f.IO, Service: f.Service, Action: "add"}
	cmd := &cobra.Command{
		Use:   "add <project> --kind image|video|link --url https://...",
		Short: "Add an image, a video or a link to a project's page",
		Long: fmt.Sprintf("Add a media item to a project's page. The URL must be an absolute https URL of at most\n"+
			"%d characters; caption and alt text are plain text of at most %d characters; an image\n"+
			"needs alt text. A project holds at most %d items.",
			domain.MaxMediaURLLen, domain.MaxMediaTextLen, domain.MaxMediaItems),
		Example: `  greenhouse project media add Greenhouse --kind image --url https://example.com/shot.png --alt "The garden at dusk"
  greenhouse project media add Greenhouse --kind video --url https://example.com/demo.mp4 --position 1`,
		Args: exactArgs("project"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Project = f.Output(), args[0]
			return orRun(runF, mediaRun)(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.Input.Kind, "kind", "", "what it is: "+strings.Join(domain.MediaKinds, ", "))
	fs.StringVar(&opts.Input.URL, "url", "", "where it is: an absolute https URL")
	fs.StringVar(&opts.Input.Caption, "caption", "", "a caption shown with it")
	fs.StringVar(&opts.Input.AltText, "alt", "", "alt text: what an image shows (required for images)")
	fs.IntVar(&opts.Input.Position, "position", 0, "1-based place to insert at (default: last)")
	_ = cmd.MarkFlagRequired("kind")
	_ = cmd.MarkFlagRequired("url")
	return cmd
}

func newCmdMediaRemove(f *Factory, runF func(context.Context, *MediaOptions) error) *cobra.Command {
	opts := &MediaOptions{IO: f.IO, Service: f.Service, Action: "remove"}
	return &cobra.Command{
		Use:     "remove <project> <item-id|position>",
		Aliases: []string{"rm"},
		Short:   "Remove a media item (by id or 1-based position); the ones after it move up",
		Args:    exactArgs("project", "item"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Output, opts.Project, opts.Item = f.Output(), args[0], args[1]
			return orRun(runF, mediaRun)(cmd.Context(), opts)
		},
	}
}

func mediaRun(ctx context.Context, opts *MediaOptions) error {
	svc, err := opts.Service(ctx)
	if err != nil {
		return err
	}
	switch opts.Action {
	case "add":
		m, err := svc.AddProjectMedia(ctx, opts.Project, opts.Input)
		if err != nil {
			return err
		}
		if opts.Output == FormatJSON {
			return printJSON(opts.IO.Out, wire.MediaItem(m))
		}
		_, err = fmt.Fprintf(opts.IO.Out, "Added %s #%d (%s)\n", m.Kind, m.Position+1, m.ID)
		return err
	case "remove":
		m, err := svc.RemoveProjectMedia(ctx, opts.Project, opts.Item)
		if err != nil {
			return err
		}
		if opts.Output == FormatJSON {
			return printJSON(opts.IO.Out, wire.MediaItem(m))
		}
		_, err = fmt.Fprintf(opts.IO.Out, "Removed %s %s (%s)\n", m.Kind, m.URL, m.ID)
		return err
	}
	_, items, err := svc.ProjectMediaList(ctx, opts.Project)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, wire.Media(items))
	}
	return printMedia(opts.IO, items)
}

func printMedia(io *IOStreams, items []*domain.ProjectMedia) error {
	if len(items) == 0 {
		_, err := fmt.Fprintln(io.Out, "No media.")
		return err
	}
	rows := make([][]string, len(items))
	for i, m := range items {
		rows[i] = []string{fmt.Sprint(m.Position + 1), m.Kind, m.URL, orDash(m.Caption), orDash(m.AltText), m.ID.String()}
	}
	return printTable(io.Out, []string{"Position", "Kind", "Link", "Caption", "Alt text", "ID"}, rows)
}
