package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/store"
	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// PATCH sets the used dates and brightness as manual values, says which
// values are manual, and hands them back to the insights job with "clear".
func TestSkillManualValuesAPI(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ids := seedGarden(t, e)
		admin := e.admin()
		bright := 0.9
		sk, err := admin.UpdateSkill(ctx(), ids["skill:Go"], wireapi.SkillUpdate{Brightness: &bright,
			FirstUsedDate: ptr("2015-03-01"), LastUsedDate: ptr("2026-01-31")})
		if err != nil || !slices.Equal(sk.Manual, []string{"brightness", "first_used_date", "last_used_date"}) ||
			*sk.FirstUsedDate != "2015-03-01" || *sk.LastUsedDate != "2026-01-31" {
			t.Fatalf("set: %+v %v", sk, err)
		}
		if _, err := e.svc.GenerateSkillInsights(ctx()); err != nil {
			t.Fatal(err)
		}
		sk, err = admin.UpdateSkill(ctx(), ids["skill:Go"], wireapi.SkillUpdate{Clear: []string{"brightness", "last_used_date"}})
		if err != nil || !slices.Equal(sk.Manual, []string{"first_used_date"}) || sk.Brightness == 0.9 ||
			*sk.FirstUsedDate != "2015-03-01" || sk.LastUsedDate == nil || *sk.LastUsedDate != "2026-06-21" {
			t.Fatalf("clear: %+v %v (Go is used by Greenhouse and Fern CLI, planted 2026-06-21)", sk, err)
		}
		_, err = admin.UpdateSkill(ctx(), ids["skill:Go"], wireapi.SkillUpdate{Clear: []string{"hours_practiced"}})
		if p := problem(t, err, http.StatusUnprocessableEntity); len(p.Errors) != 1 || p.Errors[0].Location != "body.clear[0]" {
			t.Errorf("unknown clear: %+v", p)
		}
		_, err = admin.UpdateSkill(ctx(), ids["skill:Go"], wireapi.SkillUpdate{FirstUsedDate: ptr("2027-01-01")})
		if p := problem(t, err, http.StatusUnprocessableEntity); len(p.Errors) != 1 || p.Errors[0].Location != "body.last_used_date" {
			t.Errorf("first after last: %+v", p)
		}
	})
}
