package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"
)

// BackupOptions are the inputs of `backup`.
type BackupOptions struct {
	IO     *IOStreams
	Output string
	Now    func() time.Time
}

// NewCmdBackup builds `backup`: a consistent copy of the SQLite database,
// taken online with VACUUM INTO.
func NewCmdBackup(f *Factory) *cobra.Command {
	opts := &BackupOptions{IO: f.IO, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Copy the SQLite database to a file while it stays online",
		Long: "Write a consistent copy of the SQLite database (VACUUM INTO). The server may keep running.\n" +
			"Restore by stopping greenhouse and putting the copy in place of the database file.\n" +
			"PostgreSQL deployments use pg_dump instead (docs/operations.md).",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := f.DB(cmd.Context())
			if err != nil {
				return err
			}
			path := opts.Output
			if path == "" {
				path = fmt.Sprintf("greenhouse-backup-%s.db", opts.Now().UTC().Format("20060102T150405Z"))
			}
			if _, err := os.Stat(path); err == nil {
				return &UsageError{Err: fmt.Errorf("backup: %s already exists; choose another --output", path)}
			}
			if err := db.Backup(cmd.Context(), path); err != nil {
				return err
			}
			_, err = fmt.Fprintln(opts.IO.Out, path)
			return err
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "O", "", "file to write (default greenhouse-backup-<time>.db)")
	return cmd
}

// NewCmdHealthcheck builds `healthcheck`: exit 0 when a server answers
// /healthz, 1 otherwise. Container images without curl use it.
func NewCmdHealthcheck(_ *Factory) *cobra.Command {
	var url string
	cmd := &cobra.Command{
		Use:   "healthcheck",
		Short: "Exit 0 when the server at --url is alive",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return probe(cmd.Context(), url)
		},
	}
	cmd.Flags().StringVar(&url, "url", "http://127.0.0.1:8080/healthz", "URL to probe")
	return cmd
}

func probe(ctx context.Context, url string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return &UsageError{Err: fmt.Errorf("healthcheck: %w", err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New("healthcheck: " + resp.Status)
	}
	return nil
}
