package store_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/storetest"
	"github.com/greenhouse-garden/greenhouse/migrations"
	"github.com/pressly/goose/v3"
)

// projectHour is a row of analytics_projects_hourly.
type projectHour struct {
	Hour         int64
	ProjectID    string
	Interactions int64
	Dwell        float64
}

// typeDay is a row of analytics_interactions_daily.
type typeDay struct {
	Day          int64
	ProjectID    string
	Type         string
	Interactions int64
	Dwell        float64
}

// TestMigrate00005Backfill fills analytics_interactions_hourly at version 4,
// applies 00005 and checks that analytics_projects_hourly and
// analytics_interactions_daily hold exactly the sums of those rows; rolling
// 00005 back and applying it again gives the same rows.
func TestMigrate00005Backfill(t *testing.T) {
	const (
		p1 = "0190a5b2-0000-7000-8000-000000000001"
		p2 = "0190a5b2-0000-7000-8000-000000000002"
	)
	day := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC).Unix() // 1773446400
	h := func(d, hour int64) int64 { return day + d*86400 + hour*3600 }
	// Dwell seconds are sums of powers of two, exact in REAL and DOUBLE PRECISION.
	hourly := []struct {
		hour         int64
		project, typ string
		interactions int64
		dwell        float64
	}{
		{h(0, 0), p1, "view", 3, 0},        // first hour of the UTC day
		{h(0, 9), p1, "view", 4, 0},        // one hour, three types
		{h(0, 9), p1, "click", 2, 0},       //
		{h(0, 9), p1, "dwell", 1, 12.5},    //
		{h(0, 9), p2, "like", 5, 0},        // same hour, another project
		{h(0, 10), p1, "dwell", 2, 7.25},   // next hour
		{h(0, 23), p1, "view", 6, 0},       // last hour of the UTC day
		{h(1, 0), p1, "view", 10, 0},       // next UTC day
		{h(1, 0), p1, "dwell", 1, 0.5},     //
		{h(1, 0), p2, "view", 0, 0},        // an empty row carries over as is
		{h(-1, 23), p2, "hover", 7, 1.125}, // the UTC day before
	}
	wantHours := []projectHour{
		{h(-1, 23), p2, 7, 1.125},
		{h(0, 0), p1, 3, 0},
		{h(0, 9), p1, 7, 12.5},
		{h(0, 9), p2, 5, 0},
		{h(0, 10), p1, 2, 7.25},
		{h(0, 23), p1, 6, 0},
		{h(1, 0), p1, 11, 0.5},
		{h(1, 0), p2, 0, 0},
	}
	wantDays := []typeDay{
		{day - 86400, p2, "hover", 7, 1.125},
		{day, p1, "click", 2, 0},
		{day, p1, "dwell", 3, 19.75},
		{day, p1, "view", 13, 0},
		{day, p2, "like", 5, 0},
		{day + 86400, p1, "dwell", 1, 0.5},
		{day + 86400, p1, "view", 10, 0},
		{day + 86400, p2, "view", 0, 0},
	}

	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.OpenUnmigrated(t, engine)
			p := migrationProvider(t, db)
			migrateTo(t, p, 4, true)
			if exists := tableExists(t, db, "analytics_projects_hourly"); exists {
				t.Fatal("analytics_projects_hourly exists at version 4")
			}
			insert := rebind(engine, `INSERT INTO analytics_interactions_hourly
				(hour, project_id, interaction_type, interactions, dwell_seconds) VALUES (?, ?, ?, ?, ?)`)
			for _, r := range hourly {
				if _, err := db.SQL().ExecContext(ctx, insert, r.hour, r.project, r.typ, r.interactions, r.dwell); err != nil {
					t.Fatalf("insert %+v: %v", r, err)
				}
			}

			migrateTo(t, p, 5, true)
			checkBackfill(t, db, wantHours, wantDays)

			migrateTo(t, p, 4, false)
			for _, table := range []string{"analytics_projects_hourly", "analytics_interactions_daily"} {
				if tableExists(t, db, table) {
					t.Fatalf("%s survives the down migration of 00005", table)
				}
			}
			migrateTo(t, p, 5, true)
			checkBackfill(t, db, wantHours, wantDays)
		})
	}
}

func migrationProvider(t *testing.T, db *store.DB) *goose.Provider {
	t.Helper()
	fsys, err := migrations.For(db.Engine())
	if err != nil {
		t.Fatal(err)
	}
	dialect := goose.DialectSQLite3
	if db.Engine() == store.Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.SQL(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// migrateTo moves the schema up or down to version and checks it got there.
func migrateTo(t *testing.T, p *goose.Provider, version int64, up bool) {
	t.Helper()
	ctx := context.Background()
	var err error
	if up {
		_, err = p.UpTo(ctx, version)
	} else {
		_, err = p.DownTo(ctx, version)
	}
	if err != nil {
		t.Fatalf("migrate to %d (up=%v): %v", version, up, err)
	}
	got, err := p.GetDBVersion(ctx)
	if err != nil || got != version {
		t.Fatalf("version = %d (%v), want %d", got, err, version)
	}
}

func checkBackfill(t *testing.T, db *store.DB, wantHours []projectHour, wantDays []typeDay) {
	t.Helper()
	ctx := context.Background()
	rows, err := db.SQL().QueryContext(ctx, `SELECT hour, project_id, interactions, dwell_seconds
		FROM analytics_projects_hourly ORDER BY hour, project_id`)
	if err != nil {
		t.Fatal(err)
	}
	gotHours := []projectHour{}
	for rows.Next() {
		var r projectHour
		if err := rows.Scan(&r.Hour, &r.ProjectID, &r.Interactions, &r.Dwell); err != nil {
			t.Fatal(err)
		}
		gotHours = append(gotHours, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if !reflect.DeepEqual(gotHours, wantHours) {
		t.Errorf("analytics_projects_hourly:\n got %s\nwant %s", dump(gotHours), dump(wantHours))
	}

	rows, err = db.SQL().QueryContext(ctx, `SELECT day, project_id, interaction_type, interactions, dwell_seconds
		FROM analytics_interactions_daily ORDER BY day, project_id, interaction_type`)
	if err != nil {
		t.Fatal(err)
	}
	gotDays := []typeDay{}
	for rows.Next() {
		var r typeDay
		if err := rows.Scan(&r.Day, &r.ProjectID, &r.Type, &r.Interactions, &r.Dwell); err != nil {
			t.Fatal(err)
		}
		gotDays = append(gotDays, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if !reflect.DeepEqual(gotDays, wantDays) {
		t.Errorf("analytics_interactions_daily:\n got %s\nwant %s", dump(gotDays), dump(wantDays))
	}
}

func tableExists(t *testing.T, db *store.DB, table string) bool {
	t.Helper()
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if db.Engine() == store.Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`
	}
	var n int
	if err := db.SQL().QueryRowContext(context.Background(), q, table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// rebind turns ? placeholders into $1, $2... on PostgreSQL.
func rebind(engine, q string) string {
	if engine != store.Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func dump[T any](rows []T) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "\n  %+v", r)
	}
	return b.String()
}
