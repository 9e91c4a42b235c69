package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/greenhouse-garden/greenhouse/internal/worker"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	wireapi "github.com/greenhouse-garden/greenhouse/pkg/api"
)

// TestSeedMetricsInTheTwoProcessTopology models `serve` and a separate
// `greenhouse worker` (each its own registry and /metrics, one database):
// scraping both, as deploy/prometheus.yml does, sees all six seed metrics,
// and the growth and weather counters summed over the targets equal the
// changes recorded in the event feed.
func TestSeedMetricsInTheTwoProcessTopology(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		workerReg := prometheus.NewRegistry()
		w, err := worker.New(worker.Deps{Service: e.svc, DB: db, Config: e.cfg, Registry: workerReg,
			Now: e.clock.Now, NoSchedule: true, InsertOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		workerMetrics := httptest.NewServer(promhttp.HandlerFor(workerReg, promhttp.HandlerOpts{}))
		t.Cleanup(workerMetrics.Close)

		// The worker's jobs: a computed weather, a project's growth.
		if _, _, err := w.UpdateWeather(ctx()); err != nil {
			t.Fatal(err)
		}
		// An archived project's counters move without growth; once active
		// again, the worker's growth job moves its stage.
		p, err := e.svc.PlantProject(ctx(), domain.PlantInput{Name: "Vine", Status: "archived"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ApplyRepoStats(ctx(), p.ID, "github", domain.RepoStats{CommitCount: 400, LinesOfCode: 30000, ComplexityScore: 6}); err != nil {
			t.Fatal(err)
		}
		active := "active"
		if _, err := e.svc.EditProject(ctx(), p.ID.String(), domain.ProjectPatch{Status: &active}); err != nil {
			t.Fatal(err)
		}
		if err := w.RecalculateAllGrowth(ctx()); err != nil {
			t.Fatal(err)
		}
		// The API's: a mood override, requests, an interaction.
		if res, body := e.do(http.MethodPost, "/api/v1/weather/mood-update", `{"stress_level":0.9}`, e.adminHeader()); res.StatusCode != http.StatusOK {
			t.Fatalf("mood: %d %s", res.StatusCode, body)
		}

		v := e.visitor()
		if _, err := v.Garden(ctx(), wireapi.GardenParams{}); err != nil {
			t.Fatal(err)
		}
		if _, err := v.Interact(ctx(), p.ID.String(), wireapi.InteractionRequest{InteractionType: "view"}); err != nil {
			t.Fatal(err)
		}

		sums := map[string]float64{}
		for _, url := range []string{e.ts.URL + "/metrics", workerMetrics.URL + "/metrics"} {
			for name, v := range scrape(t, url) {
				sums[name] += v
			}
		}
		for _, name := range []string{"api_requests_total", "request_duration_seconds", "active_websockets_total",
			"project_interactions_total", "growth_stage_changes_total", "weather_changes_total"} {
			if _, ok := sums[name]; !ok {
				t.Errorf("seed metric %s is on no target", name)
			}
		}
		events, err := e.svc.EventsSince(ctx(), 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{}
		for _, ev := range events {
			want[ev.Type]++
		}
		if sums["weather_changes_total"] != want[domain.EventWeatherChange] || want[domain.EventWeatherChange] != 2 {
			t.Errorf("weather_changes_total sums to %v over the targets; the feed has %v changes",
				sums["weather_changes_total"], want[domain.EventWeatherChange])
		}
		if sums["growth_stage_changes_total"] != want[domain.EventProjectGrowth] || want[domain.EventProjectGrowth] < 1 {
			t.Errorf("growth_stage_changes_total sums to %v over the targets; the feed has %v stage changes",
				sums["growth_stage_changes_total"], want[domain.EventProjectGrowth])
		}

		// compose.yaml runs the worker with its metrics listener, and the
		// documented scrape configuration scrapes it.
		compose, _ := os.ReadFile("../../compose.yaml")
		scrapeCfg, _ := os.ReadFile("../../deploy/prometheus.yml")
		if !strings.Contains(string(compose), `command: ["worker", "--metrics-addr", ":9091"]`) ||
			!strings.Contains(string(scrapeCfg), `"worker:9091"`) || !strings.Contains(string(scrapeCfg), `"serve-1:8080"`) {
			t.Error("compose.yaml's worker does not expose metrics on :9091, or deploy/prometheus.yml does not scrape it")
		}
	})
}

// scrape reads a /metrics page: each metric's total over its labels
// (a histogram by its _count).
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	out := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sample, value, _ := strings.Cut(line, " ")
		name, _, _ := strings.Cut(sample, "{")
		if strings.HasSuffix(name, "_bucket") || strings.HasSuffix(name, "_sum") {
			continue
		}
		name = strings.TrimSuffix(name, "_count")
		v, err := strconv.ParseFloat(strings.Fields(value)[0], 64)
		if err != nil {
			t.Fatalf("%s: %q: %v", url, line, err)
		}
		out[name] += v
	}
	return out
}
