package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
	"github.com/spf13/cobra"
)

// Formats of `analytics export --format`.
const (
	exportCSV  = "csv"
	exportJSON = "json"
)

// AnalyticsOptions are the inputs of the analytics commands.
type AnalyticsOptions struct {
	IO            *IOStreams
	Analytics     func(context.Context) (*analytics.Service, error)
	Config        func() (*config.Config, error)
	Now           func() time.Time
	Output        string
	Range         string
	Format        string
	RetentionDays int
}

// NewCmdAnalytics groups the analytics commands.
func NewCmdAnalytics(f *Factory) *cobra.Command {
	cmd := newGroupCmd("analytics", "Visitor analytics: export the dashboard, roll up, prune")
	cmd.AddCommand(NewCmdAnalyticsExport(f))
	cmd.AddCommand(NewCmdAnalyticsRollup(f))
	cmd.AddCommand(NewCmdAnalyticsPrune(f))
	return cmd
}

func newAnalyticsOptions(f *Factory) *AnalyticsOptions {
	return &AnalyticsOptions{IO: f.IO, Analytics: f.Analytics, Config: f.Config, Now: time.Now}
}

// NewCmdAnalyticsExport builds `analytics export`.
func NewCmdAnalyticsExport(f *Factory) *cobra.Command {
	opts := newAnalyticsOptions(f)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the analytics dashboard's data to stdout as CSV or JSON",
		Long: "Write every figure of the analytics dashboard for a range to stdout.\n\n" +
			"--range is 24h, 7d, 30d, 90d, all or YYYY-MM-DD..YYYY-MM-DD; days are cut at\n" +
			"midnight in analytics.timezone. CSV has one row per figure:\n" +
			"section,key,metric,current,previous. JSON is the whole dashboard.\n" +
			"Definitions: docs/analytics.md.",
		Example: "  greenhouse analytics export --range 30d --format csv > garden-30d.csv\n" +
			"  greenhouse analytics export --range 2026-03-01..2026-03-31 --format json",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.Format != exportCSV && opts.Format != exportJSON {
				return usageErrorf("--format %q: use csv or json", opts.Format)
			}
			opts.Output = f.Output()
			return analyticsExportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Range, "range", analytics.DefaultDateRange, "24h, 7d, 30d, 90d, all or YYYY-MM-DD..YYYY-MM-DD")
	cmd.Flags().StringVar(&opts.Format, "format", exportCSV, "csv or json")
	return cmd
}

func analyticsZone(cfgFn func() (*config.Config, error)) (*time.Location, error) {
	cfg, err := cfgFn()
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(cfg.Analytics.Timezone)
	if err != nil {
		return nil, &ConfigError{Err: fmt.Errorf("analytics.timezone: %w", err)}
	}
	return loc, nil
}

func analyticsExportRun(ctx context.Context, opts *AnalyticsOptions) error {
	loc, err := analyticsZone(opts.Config)
	if err != nil {
		return err
	}
	dr, err := analytics.ParseDateRange(opts.Range, loc, opts.Now())
	if err != nil {
		return err
	}
	svc, err := opts.Analytics(ctx)
	if err != nil {
		return err
	}
	d, err := svc.Dashboard(ctx, dr)
	if err != nil {
		return err
	}
	if opts.Format == exportJSON {
		return printJSON(opts.IO.Out, wire.Dashboard(d))
	}
	w := csv.NewWriter(opts.IO.Out)
	for _, row := range dashboardRows(d) {
		if err := w.Write(row); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// dashboardRows flattens a dashboard into section,key,metric,current,previous.
func dashboardRows(d *analytics.Dashboard) [][]string {
	rows := [][]string{{"section", "key", "metric", "current", "previous"}}
	add := func(section, key, metric, cur, prev string) {
		rows = append(rows, []string{section, key, metric, cur, prev})
	}
	add("range", d.DateRange, "from", d.Current.From.Format(time.RFC3339), d.Previous.From.Format(time.RFC3339))
	add("range", d.DateRange, "to", d.Current.To.Format(time.RFC3339), d.Previous.To.Format(time.RFC3339))
	add("range", d.DateRange, "time_zone", d.TimeZone, d.TimeZone)
	v, p := d.Visitors, d.PreviousVisitors
	add("visitors", "", "sessions", itoa(v.Sessions), itoa(p.Sessions))
	add("visitors", "", "unique_visitors", itoa(v.UniqueVisitors), itoa(p.UniqueVisitors))
	add("visitors", "", "interactions", itoa(v.Interactions), itoa(p.Interactions))
	add("visitors", "", "bounces", itoa(v.Bounces), itoa(p.Bounces))
	add("visitors", "", "bounce_rate", num(v.BounceRate), num(p.BounceRate))
	add("visitors", "", "avg_visit_seconds", num(v.AvgVisitSeconds), num(p.AvgVisitSeconds))
	add("visitors", "", "median_visit_seconds", num(v.MedianVisitSeconds), num(p.MedianVisitSeconds))
	add("visitors", "", "projects_per_session", num(v.ProjectsPerSession), num(p.ProjectsPerSession))
	for _, s := range d.Series {
		key := s.Start.Format(time.RFC3339)
		add("series_"+d.SeriesBy, key, "sessions", itoa(s.Sessions), itoa(s.PreviousSessions))
		add("series_"+d.SeriesBy, key, "interactions", itoa(s.Interactions), itoa(s.PreviousInteractions))
		add("series_"+d.SeriesBy, key, "bounces", itoa(s.Bounces), "")
	}
	for _, c := range d.Heatmap {
		add("heatmap", c.ProjectName+" ("+c.ProjectID.String()+")",
			fmt.Sprintf("%s %02d:00", c.Weekday, c.Hour), itoa(c.Interactions), "")
	}
	for _, b := range []struct {
		section string
		counts  []analytics.Count
	}{{"interaction_type", d.InteractionTypes}, {"device", d.Devices}, {"browser", d.Browsers},
		{"screen_resolution", d.Resolutions}, {"country", d.Countries}, {"entry_point", d.EntryPoints},
		{"exit_point", d.ExitPoints}, {"journey", d.Journeys}} {
		for _, c := range b.counts {
			add(b.section, c.Key, "count", itoa(c.Count), itoa(c.Previous))
		}
	}
	g := d.Growth
	add("growth", "", "stage_changes", strconv.Itoa(g.StageChanges), strconv.Itoa(g.PreviousStageChanges))
	for _, c := range g.Changes {
		add("stage_change", c.ProjectName+" ("+c.ProjectID.String()+")", c.At.Format(time.RFC3339),
			c.NewStage, c.PreviousStage)
	}
	for _, pg := range g.Projects {
		key := pg.Name + " (" + pg.ProjectID.String() + ")"
		add("project_growth", key, "interactions", itoa(pg.Interactions), itoa(pg.PreviousInteractions))
		add("project_growth", key, "stage", pg.StageAtEnd, pg.StageAtStart)
	}
	perf := d.Performance
	add("performance", "*", "requests", itoa(perf.Current.Requests), itoa(perf.Previous.Requests))
	add("performance", "*", "requests_per_minute", num(perf.Current.RequestsPerMinute), num(perf.Previous.RequestsPerMinute))
	add("performance", "*", "p50_ms", num(perf.Current.P50Millis), num(perf.Previous.P50Millis))
	add("performance", "*", "p95_ms", num(perf.Current.P95Millis), num(perf.Previous.P95Millis))
	add("performance", "*", "error_rate", num(perf.Current.ErrorRate), num(perf.Previous.ErrorRate))
	for _, r := range perf.Routes {
		key := r.Method + " " + r.Route
		add("route", key, "requests", itoa(r.Requests), itoa(r.PreviousRequests))
		add("route", key, "requests_per_minute", num(r.RequestsPerMinute), "")
		add("route", key, "p50_ms", num(r.P50Millis), "")
		add("route", key, "p95_ms", num(r.P95Millis), num(r.PreviousP95Millis))
		add("route", key, "error_rate", num(r.ErrorRate), "")
	}
	return rows
}

// NewCmdAnalyticsRollup builds `analytics rollup`.
func NewCmdAnalyticsRollup(f *Factory) *cobra.Command {
	opts := newAnalyticsOptions(f)
	return &cobra.Command{
		Use:   "rollup",
		Short: "Bring the analytics rollups up to date (the worker does it every minute)",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output = f.Output()
			return analyticsRollupRun(cmd.Context(), opts)
		},
	}
}

func analyticsRollupRun(ctx context.Context, opts *AnalyticsOptions) error {
	svc, err := opts.Analytics(ctx)
	if err != nil {
		return err
	}
	start := opts.Now()
	if err := svc.RollupAnalytics(ctx); err != nil {
		return err
	}
	took := opts.Now().Sub(start).Round(time.Millisecond)
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, map[string]any{"rolled_up": true, "seconds": took.Seconds()})
	}
	_, err = fmt.Fprintf(opts.IO.Out, "Rollups up to date (%s)\n", took)
	return err
}

// NewCmdAnalyticsPrune builds `analytics prune`.
func NewCmdAnalyticsPrune(f *Factory) *cobra.Command {
	opts := newAnalyticsOptions(f)
	cmd := &cobra.Command{
		Use:   "prune",
		Short: "Delete raw visits older than the retention window (rollups are kept)",
		Long: "Delete raw sessions and interactions older than --retention-days (default\n" +
			"analytics.retention_days), only from days the rollups cover completely.",
		Args: exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.Output = f.Output()
			if !cmd.Flags().Changed("retention-days") {
				cfg, err := opts.Config()
				if err != nil {
					return err
				}
				opts.RetentionDays = cfg.Analytics.RetentionDays
			}
			return analyticsPruneRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.RetentionDays, "retention-days", 0, "days of raw visits to keep (default analytics.retention_days)")
	return cmd
}

func analyticsPruneRun(ctx context.Context, opts *AnalyticsOptions) error {
	svc, err := opts.Analytics(ctx)
	if err != nil {
		return err
	}
	n, err := svc.PruneAnalytics(ctx, opts.RetentionDays)
	if err != nil {
		return err
	}
	if opts.Output == FormatJSON {
		return printJSON(opts.IO.Out, map[string]int{"deleted_rows": n, "retention_days": opts.RetentionDays})
	}
	_, err = fmt.Fprintf(opts.IO.Out, "Deleted %d raw rows older than %d days\n", n, opts.RetentionDays)
	return err
}
