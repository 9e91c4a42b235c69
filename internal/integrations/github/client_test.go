package github_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
)

// fakeGitHub serves recorded REST bodies at the paths go-github calls and
// counts the requests per path.
type fakeGitHub struct {
	t      *testing.T
	mu     sync.Mutex
	hits   map[string]int
	routes map[string]http.HandlerFunc
}

func newFakeGitHub(t *testing.T) (*fakeGitHub, *httptest.Server) {
	f := &fakeGitHub{t: t, hits: map[string]int{}, routes: map[string]http.HandlerFunc{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.hits[r.URL.Path]++
		h := f.routes[r.URL.Path]
		f.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer test-token" {
			t.Errorf("%s: Authorization = %q", r.URL.Path, r.Header.Get("Authorization"))
		}
		if h == nil {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`))
			return
		}
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeGitHub) handle(path string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[path] = h
}

func (f *fakeGitHub) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

// serveFixture writes a recorded body with optional extra headers.
func serveFixture(body []byte, headers map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		_, _ = w.Write(body)
	}
}

// serveRepo answers 304 to a matching If-None-Match, as GitHub does.
func serveRepo(body []byte, etag string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	}
}

// testNow is the fixed clock of these tests.
func testNow() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) }

func newClient(t *testing.T, srv *httptest.Server) *github.Client {
	t.Helper()
	c, err := github.New(github.Options{
		Token:   "test-token",
		BaseURL: srv.URL,
		HTTPClient: httpx.New(httpx.Options{Name: "github", Base: srv.Client(),
			Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}),
		Now: testNow,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRepoStats(t *testing.T) {
	// The bodies come from different repositories (no single repository has
	// all three recorded); each is served where the client asks for it.
	tests := []struct {
		name      string
		repo      string
		repoFile  string
		langFile  string
		link      string // Link header on the commits page, as GitHub sends it
		want      github.Stats
		wantPages string
	}{
		{
			name: "one language, commits on a single page", repo: "github/hub",
			repoFile: "repos.get.github-hub.json", langFile: "repos.languages.github-api.json",
			want: github.Stats{
				CommitCount:    30, // the stapler page holds 30 commits and no Link header
				LanguagesBytes: map[string]int{"Java": 671125}, LinesOfCode: 671125 / 40,
				ComplexityScore: 5.7, Languages: []string{"Java"}, ETag: `W/"etag-github/hub"`,
				FullName: "github/hub", DefaultBranch: "main", Stars: 17507, Forks: 1820, SizeKB: 6657,
				PushedAt: time.Date(2019, 10, 3, 15, 9, 24, 0, time.UTC),
			},
		},
		{
			name: "three languages, count from the last page", repo: "octokit-fixture-org/hello-world",
			repoFile: "repos.get.octokit-fixture-org.hello-world.json", langFile: "repos.languages.rails_admin.json",
			link: `<{base}/repositories/1/commits?per_page=1&page=2>; rel="next", <{base}/repositories/1/commits?per_page=1&page=1234>; rel="last"`,
			want: github.Stats{
				CommitCount:     1234,
				LanguagesBytes:  map[string]int{"Ruby": 555101, "CoffeeScript": 13465, "JavaScript": 138853},
				LinesOfCode:     (555101 + 13465 + 138853) / 40,
				ComplexityScore: 7.2, Languages: []string{"Ruby", "JavaScript", "CoffeeScript"},
				ETag: `W/"etag-octokit-fixture-org/hello-world"`, FullName: "octokit-fixture-org/hello-world",
				DefaultBranch: "master", PushedAt: time.Date(2017, 11, 3, 20, 11, 46, 0, time.UTC),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFakeGitHub(t)
			base := "/repos/" + tt.repo
			etag := `W/"etag-` + tt.repo + `"`
			f.handle(base, serveRepo(readFixture(t, "github-rest", tt.repoFile), etag))
			f.handle(base+"/languages", serveFixture(readFixture(t, "github-rest", tt.langFile), nil))
			commits := readFixture(t, "github-rest", "repos.list-commits.stapler.json")
			f.handle(base+"/commits", func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("per_page") != "1" {
					t.Errorf("commits asked with %q, want per_page=1", r.URL.RawQuery)
				}
				if tt.link != "" {
					w.Header().Set("Link", strings.ReplaceAll(tt.link, "{base}", srv.URL))
				}
				_, _ = w.Write(commits)
			})
			c := newClient(t, srv)

			got, notModified, err := c.RepoStats(t.Context(), tt.repo, "")
			if err != nil || notModified {
				t.Fatalf("RepoStats = %v, %v", notModified, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("stats =\n %+v\nwant\n %+v", got, tt.want)
			}

			// Same ETag again: one request, answered 304, nothing else fetched.
			again, notModified, err := c.RepoStats(t.Context(), tt.repo, got.ETag)
			if err != nil || !notModified || again.ETag != got.ETag {
				t.Fatalf("conditional RepoStats = %+v, %v, %v", again, notModified, err)
			}
			for path, want := range map[string]int{base: 2, base + "/languages": 1, base + "/commits": 1} {
				if n := f.count(path); n != want {
					t.Errorf("%s requested %d times, want %d", path, n, want)
				}
			}
		})
	}
}

func TestRepoStatsErrors(t *testing.T) {
	reset := testNow().Add(20 * time.Minute).Truncate(time.Second)
	tests := []struct {
		name      string
		handler   func(n int) (status int, headers map[string]string, body string)
		wantHits  int
		check     func(t *testing.T, err error)
		wantStats bool
	}{
		{
			name: "403 with X-RateLimit-Remaining 0 is a rate limit",
			handler: func(int) (int, map[string]string, string) {
				return 403, map[string]string{"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0",
					"X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)}, `{"message":"API rate limit exceeded for user ID 1."}`
			},
			wantHits: 1,
			check: func(t *testing.T, err error) {
				var rl *github.RateLimitError
				if !errors.As(err, &rl) || !rl.Reset.Equal(reset) || rl.Secondary || rl.Limit != 5000 || rl.Status != 403 ||
					rl.Message != "API rate limit exceeded for user ID 1." {
					t.Fatalf("err = %#v", err)
				}
			},
		},
		{
			name: "429 with Retry-After is a rate limit",
			handler: func(int) (int, map[string]string, string) {
				return 429, map[string]string{"Retry-After": "120"}, `{"message":"You have exceeded a secondary rate limit."}`
			},
			wantHits: 1,
			check: func(t *testing.T, err error) {
				var rl *github.RateLimitError
				if !errors.As(err, &rl) || !rl.Reset.Equal(testNow().Add(2*time.Minute)) || !rl.Secondary || rl.Status != 429 {
					t.Fatalf("err = %#v", err)
				}
			},
		},
		{
			name: "403 secondary limit with Retry-After",
			handler: func(int) (int, map[string]string, string) {
				return 403, map[string]string{"Retry-After": "30"},
					`{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`
			},
			wantHits: 1,
			check: func(t *testing.T, err error) {
				var rl *github.RateLimitError
				if !errors.As(err, &rl) || !rl.Reset.Equal(testNow().Add(30*time.Second)) || !rl.Secondary {
					t.Fatalf("err = %#v", err)
				}
			},
		},
		{
			name: "500 twice then 200 is retried",
			handler: func(n int) (int, map[string]string, string) {
				if n <= 2 {
					return 500, nil, `{"message":"Server Error"}`
				}
				return 0, nil, "" // serve the fixture
			},
			wantHits:  3,
			wantStats: true,
		},
		{
			name: "404 is not retried",
			handler: func(int) (int, map[string]string, string) {
				return 404, nil, `{"message":"Not Found"}`
			},
			wantHits: 1,
			check: func(t *testing.T, err error) {
				if !errors.Is(err, github.ErrNotFound) {
					t.Fatalf("err = %v, want ErrNotFound", err)
				}
			},
		},
		{
			name: "401 is not retried and is reported",
			handler: func(int) (int, map[string]string, string) {
				return 401, nil, `{"message":"Bad credentials"}`
			},
			wantHits: 1,
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "401 Bad credentials") || strings.Contains(err.Error(), "test-token") {
					t.Fatalf("err = %v", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFakeGitHub(t)
			repoBody := readFixture(t, "github-rest", "repos.get.github-hub.json")
			var (
				mu sync.Mutex
				n  int
			)
			f.handle("/repos/github/hub", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				n++
				status, headers, body := tt.handler(n)
				mu.Unlock()
				if status == 0 {
					serveRepo(repoBody, `"x"`)(w, r)
					return
				}
				for k, v := range headers {
					w.Header().Set(k, v)
				}
				w.WriteHeader(status)
				_, _ = w.Write([]byte(body))
			})
			f.handle("/repos/github/hub/languages", serveFixture(readFixture(t, "github-rest", "repos.languages.github-api.json"), nil))
			f.handle("/repos/github/hub/commits", serveFixture(readFixture(t, "github-rest", "repos.list-commits.stapler.json"), nil))

			st, _, err := newClient(t, srv).RepoStats(t.Context(), "github/hub", "")
			if got := f.count("/repos/github/hub"); got != tt.wantHits {
				t.Errorf("repository requested %d times, want %d", got, tt.wantHits)
			}
			if tt.wantStats {
				if err != nil || st.CommitCount != 30 || st.LinesOfCode != 16778 {
					t.Fatalf("RepoStats = %+v, %v", st, err)
				}
				return
			}
			tt.check(t, err)
		})
	}
}

func TestRepoStatsEmptyRepositoryHasNoCommits(t *testing.T) {
	f, srv := newFakeGitHub(t)
	f.handle("/repos/github/hub", serveRepo(readFixture(t, "github-rest", "repos.get.github-hub.json"), `"x"`))
	f.handle("/repos/github/hub/languages", serveFixture([]byte(`{}`), nil))
	f.handle("/repos/github/hub/commits", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusConflict)
		_, _ = w.Write([]byte(`{"message":"Git Repository is empty."}`))
	})
	st, _, err := newClient(t, srv).RepoStats(t.Context(), "github/hub", "")
	if err != nil || st.CommitCount != 0 || st.LinesOfCode != 0 || st.ComplexityScore != 0 || len(st.Languages) != 0 {
		t.Fatalf("RepoStats = %+v, %v", st, err)
	}
}

func TestRepoStatsRejectsBadNames(t *testing.T) {
	_, srv := newFakeGitHub(t)
	c := newClient(t, srv)
	for _, name := range []string{"", "hub", "/hub", "github/", "a/b/c"} {
		if _, _, err := c.RepoStats(t.Context(), name, ""); err == nil || !strings.Contains(err.Error(), "want owner/name") {
			t.Errorf("RepoStats(%q) err = %v", name, err)
		}
	}
}

func TestReleases(t *testing.T) {
	tests := []struct {
		name, file string
		limit      int
		wantTags   []string
		first      github.Release
		summary    string
	}{
		{
			name: "octocrab", file: "repos.list-releases.octocrab.json", limit: 10,
			wantTags: []string{"v0.38.0", "v0.37.0"},
			first: github.Release{ID: 150372594, TagName: "v0.38.0", Name: "v0.38.0",
				CreatedAt:   time.Date(2024, 4, 9, 10, 50, 7, 0, time.UTC),
				PublishedAt: time.Date(2024, 4, 9, 10, 50, 8, 0, time.UTC),
				URL:         "https://github.com/XAMPPRocky/octocrab/releases/tag/v0.38.0"},
			summary: `{"event":"release","tag":"v0.38.0","name":"v0.38.0","published_at":"2024-04-09T10:50:08Z","url":"https://github.com/XAMPPRocky/octocrab/releases/tag/v0.38.0"}`,
		},
		{
			// The recorded page has 30 releases; the client keeps the limit
			// even when a server ignores per_page.
			name: "hub, limited", file: "repos.list-releases.github-hub.json", limit: 5,
			wantTags: []string{"v2.12.8", "v2.12.7", "v2.12.6", "v2.12.5", "v2.12.4"},
			first: github.Release{ID: 20432197, TagName: "v2.12.8", Name: "hub 2.12.8", Assets: 9,
				CreatedAt:   time.Date(2019, 10, 3, 0, 46, 29, 0, time.UTC),
				PublishedAt: time.Date(2019, 10, 3, 0, 57, 23, 0, time.UTC),
				URL:         "https://github.com/github/hub/releases/tag/v2.12.8"},
			summary: `{"event":"release","tag":"v2.12.8","name":"hub 2.12.8","published_at":"2019-10-03T00:57:23Z","url":"https://github.com/github/hub/releases/tag/v2.12.8"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFakeGitHub(t)
			body := readFixture(t, "github-rest", tt.file)
			f.handle("/repos/o/r/releases", func(w http.ResponseWriter, r *http.Request) {
				if got := r.URL.Query().Get("per_page"); got != strconv.Itoa(tt.limit) {
					t.Errorf("per_page = %q", got)
				}
				_, _ = w.Write(body)
			})
			rels, err := newClient(t, srv).Releases(t.Context(), "o/r", tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var tags []string
			for _, r := range rels {
				tags = append(tags, r.TagName)
			}
			if !reflect.DeepEqual(tags, tt.wantTags) {
				t.Errorf("tags = %v, want %v", tags, tt.wantTags)
			}
			if !reflect.DeepEqual(rels[0], tt.first) {
				t.Errorf("first = %+v\nwant %+v", rels[0], tt.first)
			}
			if got := string(rels[0].Summary()); got != tt.summary {
				t.Errorf("summary = %s\nwant %s", got, tt.summary)
			}
		})
	}
}

func TestWaitOrStop(t *testing.T) {
	now := testNow()
	near := &github.RateLimitError{Reset: now.Add(90 * time.Second), Status: 403}
	far := &github.RateLimitError{Reset: now.Add(45 * time.Minute), Status: 403}
	past := &github.RateLimitError{Reset: now.Add(-time.Second), Status: 429, Secondary: true}
	other := errors.New("boom")
	tests := []struct {
		name     string
		err      error
		wantWait time.Duration
		wantErr  string // substring; "" means nil
	}{
		{"no error", nil, 0, ""},
		{"reset near: wait", near, 90 * time.Second, ""},
		{"wrapped and near", errors.Join(errors.New("sync"), near), 90 * time.Second, ""},
		{"reset already passed: retry now", past, 0, ""},
		{"reset too far: stop", far, 0, "resets at 2026-11-25T12:45:00Z, in 45m0s, beyond the 5m0s we may wait"},
		{"not a rate limit: stop", other, 0, "boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait, err := github.WaitOrStop(tt.err, now, 5*time.Minute)
			if wait != tt.wantWait {
				t.Errorf("wait = %s, want %s", wait, tt.wantWait)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("err = %v, want nil", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
			if tt.err == far && !errors.Is(err, far) {
				t.Errorf("the stop error should wrap the rate limit error")
			}
		})
	}
}

func TestComplexityAndLines(t *testing.T) {
	tests := []struct {
		languages, lines int
		want             float64
	}{
		{0, 0, 0},
		{1, 10000, 5.5},
		{3, 100000, 8.0},
		{1, 671125 / 40, 5.7},
		{12, 5_000_000, 10},
		{-1, -5, 0},
	}
	for _, tt := range tests {
		if got := github.Complexity(tt.languages, tt.lines); got != tt.want {
			t.Errorf("Complexity(%d, %d) = %v, want %v", tt.languages, tt.lines, got, tt.want)
		}
	}
	if got := github.LinesOfCode(map[string]int{"Go": 4000, "Shell": 40, "Bad": -100}); got != 101 {
		t.Errorf("LinesOfCode = %d, want 101", got)
	}
}

func TestTokenNeverLogged(t *testing.T) {
	f, srv := newFakeGitHub(t)
	var n int
	var mu sync.Mutex
	f.handle("/repos/github/hub", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			w.WriteHeader(http.StatusBadGateway) // one retry, logged at warn
			return
		}
		serveRepo(readFixture(t, "github-rest", "repos.get.github-hub.json"), `"x"`)(w, r)
	})
	f.handle("/repos/github/hub/languages", serveFixture([]byte(`{"Go":400}`), nil))
	f.handle("/repos/github/hub/commits", serveFixture([]byte(`[]`), nil))
	var logs strings.Builder
	var logMu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return logs.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := github.New(github.Options{Token: "test-token", BaseURL: srv.URL, Logger: logger,
		HTTPClient: httpx.New(httpx.Options{Name: "github", Base: srv.Client(), Logger: logger,
			Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})})
	if err != nil {
		t.Fatal(err)
	}
	st, _, err := c.RepoStats(t.Context(), "github/hub", "")
	if err != nil || st.LinesOfCode != 10 || st.CommitCount != 0 {
		t.Fatalf("RepoStats = %+v, %v", st, err)
	}
	logMu.Lock()
	defer logMu.Unlock()
	out := logs.String()
	if strings.Contains(out, "test-token") {
		t.Fatalf("the token reached the log:\n%s", out)
	}
	if !strings.Contains(out, "Authorization:[redacted]") || !strings.Contains(out, "http retry") {
		t.Errorf("log:\n%s", out)
	}
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
