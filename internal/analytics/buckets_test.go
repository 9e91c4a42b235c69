package analytics

import (
	"slices"
	"testing"
	"time"
)

func TestOffsetSpans(t *testing.T) {
	load := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	u := func(s string) int64 {
		x, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return x.Unix()
	}
	for _, tc := range []struct {
		name     string
		loc      *time.Location
		from, to string
		want     []offsetSpan
	}{
		{"utc has no transitions", time.UTC, "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z",
			[]offsetSpan{{u("2026-01-01T00:00:00Z"), u("2026-04-01T00:00:00Z"), 0}}},
		// Auckland leaves daylight time on 2026-04-05 at 03:00 NZDT, 14:00 UTC the day before.
		{"auckland autumn", load("Pacific/Auckland"), "2026-04-04T00:00:00Z", "2026-04-05T00:00:00Z",
			[]offsetSpan{{u("2026-04-04T00:00:00Z"), u("2026-04-04T14:00:00Z"), 13 * 3600},
				{u("2026-04-04T14:00:00Z"), u("2026-04-05T00:00:00Z"), 12 * 3600}}},
		// New York: spring forward on 2026-03-08 at 07:00 UTC, back on 2026-11-01 at 06:00 UTC.
		{"new york, two changes", load("America/New_York"), "2026-03-01T00:00:00Z", "2026-11-02T00:00:00Z",
			[]offsetSpan{{u("2026-03-01T00:00:00Z"), u("2026-03-08T07:00:00Z"), -5 * 3600},
				{u("2026-03-08T07:00:00Z"), u("2026-11-01T06:00:00Z"), -4 * 3600},
				{u("2026-11-01T06:00:00Z"), u("2026-11-02T00:00:00Z"), -5 * 3600}}},
		// Lord Howe changes by half an hour at 15:00 UTC (02:00 local): no cut inside an hour.
		{"lord howe half hour", load("Australia/Lord_Howe"), "2026-04-04T12:00:00Z", "2026-04-04T18:00:00Z",
			[]offsetSpan{{u("2026-04-04T12:00:00Z"), u("2026-04-04T15:00:00Z"), 11 * 3600},
				{u("2026-04-04T15:00:00Z"), u("2026-04-04T18:00:00Z"), 10*3600 + 1800}}},
		{"empty", time.UTC, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := offsetSpans(u(tc.from), u(tc.to), tc.loc)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestHeatCell(t *testing.T) {
	for _, tc := range []struct {
		at   string
		off  int64
		wd   time.Weekday
		hour int
	}{
		{"1970-01-01T00:00:00Z", 0, time.Thursday, 0},
		{"2026-06-01T12:00:00Z", 0, time.Monday, 12},
		{"2026-06-01T12:00:00Z", 12 * 3600, time.Tuesday, 0},     // Auckland winter
		{"2026-06-01T12:00:00Z", -7 * 3600, time.Monday, 5},      // Los Angeles summer
		{"2026-06-01T20:00:00Z", 5*3600 + 1800, time.Tuesday, 1}, // India: 01:30
	} {
		x, err := time.Parse(time.RFC3339, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		wd, h := heatCell(mod(floorDiv(x.Unix()+tc.off, hourSec), hoursPerWeek))
		if wd != tc.wd || h != tc.hour {
			t.Errorf("%s%+d: %s %d, want %s %d", tc.at, tc.off, wd, h, tc.wd, tc.hour)
		}
	}
}
