package domain_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// The migrations repeat the vocabularies as CHECK constraints; this keeps
// both in step on both engines.
func TestVocabulariesMatchMigrations(t *testing.T) {
	vocab := map[string][]string{
		"plant_type": domain.PlantTypes, "growth_stage": domain.GrowthStages, "status": domain.ProjectStatuses,
		"visibility": domain.Visibilities, "category": domain.SkillCategories,
		"connection_type": domain.ConnectionTypes, "weather_type": domain.WeatherTypes,
		"time_of_day": domain.TimesOfDay, "season": domain.Seasons,
		"interaction_type": domain.InteractionTypes, "event_type": domain.EventTypes,
		"kind": domain.MediaKinds,
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		var sql string
		for _, file := range []string{"00001_garden_schema.sql", "00010_project_media.sql"} {
			raw, err := os.ReadFile("../../migrations/" + engine + "/" + file)
			if err != nil {
				t.Fatal(err)
			}
			sql += string(raw)
		}
		for column, values := range vocab {
			quoted := make([]string, len(values))
			for i, v := range values {
				quoted[i] = "'" + v + "'"
			}
			want := fmt.Sprintf("%s IN (%s)", column, strings.Join(quoted, ","))
			if !strings.Contains(sql, want) {
				t.Errorf("%s: migration has no CHECK %q", engine, want)
			}
		}
	}
}
