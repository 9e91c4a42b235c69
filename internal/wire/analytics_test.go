package wire_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/greenhouse-garden/greenhouse/internal/analytics"
	"github.com/greenhouse-garden/greenhouse/internal/wire"
)

// TestHeatmapRowsSumsTheRest checks that the projects after the top get one
// row summing them, cell by cell, and that the order is by interactions,
// then previous interactions, then name.
func TestHeatmapRowsSumsTheRest(t *testing.T) {
	ids := []uuid.UUID{uuid.New(), uuid.New(), uuid.New(), uuid.New()}
	cells := []analytics.HeatmapCell{
		{ProjectID: ids[0], ProjectName: "a", Weekday: time.Monday, Hour: 3, Interactions: 1},
		{ProjectID: ids[1], ProjectName: "b", Weekday: time.Sunday, Hour: 0, Interactions: 5, PreviousInteractions: 1},
		{ProjectID: ids[1], ProjectName: "b", Weekday: time.Saturday, Hour: 23, Interactions: 2},
		{ProjectID: ids[2], ProjectName: "c", Weekday: time.Monday, Hour: 3, Interactions: 1, PreviousInteractions: 4},
		{ProjectID: ids[3], ProjectName: "d", Weekday: time.Monday, Hour: 3, PreviousInteractions: 2},
	}
	rows := wire.HeatmapRows(cells, 2)
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3: %+v", len(rows), rows)
	}
	if rows[0].ProjectName != "b" || rows[0].ProjectID != ids[1].String() || rows[0].Projects != 1 {
		t.Fatalf("first row: %+v", rows[0])
	}
	if n, prev := rows[0].Cell(0, 0); n != 5 || prev != 1 {
		t.Fatalf("b Sunday 0h = %d/%d", n, prev)
	}
	if n, _ := rows[0].Cell(6, 23); n != 2 {
		t.Fatalf("b Saturday 23h = %d", n)
	}
	if rows[1].ProjectName != "c" { // ties with a on interactions, more previous ones
		t.Fatalf("second row: %+v", rows[1])
	}
	other := rows[2]
	if other.ProjectID != "" || other.ProjectName != "other" || other.Projects != 2 {
		t.Fatalf("other row: %+v", other)
	}
	if n, prev := other.Cell(1, 3); n != 1 || prev != 2 {
		t.Fatalf("other Monday 3h = %d/%d, want 1/2", n, prev)
	}
	var total int64
	for _, r := range rows {
		if len(r.Interactions) != 168 || len(r.PreviousInteractions) != 168 {
			t.Fatalf("row %s has %d/%d hours", r.ProjectName, len(r.Interactions), len(r.PreviousInteractions))
		}
		for _, n := range r.Interactions {
			total += n
		}
	}
	if total != 9 {
		t.Fatalf("rows hold %d interactions, want 9", total)
	}
	if rows := wire.HeatmapRows(cells, 10); len(rows) != 4 || rows[3].ProjectName != "d" {
		t.Fatalf("no other row when every project fits: %+v", rows)
	}
}
