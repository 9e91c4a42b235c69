// Package github reads repository activity from the GitHub REST API (with
// google/go-github) and turns GitHub webhook deliveries into one normalized
// event, so that projects in the garden grow with real work.
package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"sort"
	"strings"
	"time"

	gogithub "github.com/google/go-github/v93/github"

	"github.com/greenhouse-garden/greenhouse/internal/integrations/httpx"
)

// DefaultBaseURL is the public GitHub REST root.
const DefaultBaseURL = "https://api.github.com/"

// BytesPerLine is the average size of a line of source code assumed when
// turning the languages endpoint's byte counts into lines_of_code.
const BytesPerLine = 40

// ErrNotFound is returned (wrapped) when the repository does not exist or the
// token cannot see it.
var ErrNotFound = errors.New("github: repository not found")

// Options configure a Client.
type Options struct {
	// Token is a personal access or installation token; empty means
	// unauthenticated requests (60 per hour). It is sent only to BaseURL's
	// origin and never logged.
	Token string
	// BaseURL is the REST root: DefaultBaseURL when empty; for GitHub
	// Enterprise Server "https://HOST/api/v3/"; a test server's URL in tests.
	BaseURL string
	// HTTPClient carries the timeout and retry policy; nil means
	// httpx.New(httpx.Options{Name: "github", Logger: Logger}).
	HTTPClient *httpx.Client
	Logger     *slog.Logger
	// Now is the clock used to date rate-limit errors; nil means time.Now.
	Now func() time.Time
}

// Client reads repository statistics and releases.
type Client struct {
	gh  *gogithub.Client
	log *slog.Logger
	now func() time.Time
}

// New returns a Client for opts.
func New(opts Options) (*Client, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = httpx.New(httpx.Options{Name: "github", Logger: opts.Logger})
	}
	base := opts.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	clientOpts := []gogithub.ClientOptionsFunc{
		gogithub.WithHTTPClient(opts.HTTPClient.StandardClient()),
		gogithub.WithUserAgent("greenhouse"),
		// WithURLs keeps the path as given (WithEnterpriseURLs would
		// append api/v3/), so a GHE root must be given in full.
		gogithub.WithURLs(&base, &base),
	}
	if opts.Token != "" {
		clientOpts = append(clientOpts, gogithub.WithAuthToken(opts.Token))
	}
	gh, err := gogithub.NewClient(clientOpts...)
	if err != nil {
		return nil, fmt.Errorf("github: new client: %w", err)
	}
	return &Client{gh: gh, log: opts.Logger.With("provider", "github"), now: opts.Now}, nil
}

// Stats are the numbers a project grows from.
type Stats struct {
	// CommitCount is the number of commits on the default branch.
	CommitCount int
	// LanguagesBytes is the languages endpoint as returned: bytes per language.
	LanguagesBytes map[string]int
	// LinesOfCode is the total of LanguagesBytes divided by BytesPerLine.
	LinesOfCode int
	// ComplexityScore is in [0,10]; see Complexity.
	ComplexityScore float64
	// Languages are the names of LanguagesBytes, most bytes first.
	Languages []string
	// ETag is the repository resource's ETag, to pass back next time.
	ETag string

	// From the repository resource, for context.
	FullName      string
	DefaultBranch string
	Stars         int
	Forks         int
	SizeKB        int
	PushedAt      time.Time
}

// RepoStats fetches the statistics of fullName ("owner/name").
//
// It first asks for the repository with If-None-Match: etag. When GitHub
// answers 304 Not Modified nothing was pushed or changed since that ETag:
// RepoStats returns notModified=true and a Stats holding only the ETag,
// after that single request (a 304 does not count against the rate limit).
// Otherwise it reads the languages and the commit count (see CommitCount)
// and returns the repository's new ETag in Stats.ETag.
func (c *Client) RepoStats(ctx context.Context, fullName, etag string) (Stats, bool, error) {
	owner, name, err := splitFullName(fullName)
	if err != nil {
		return Stats{}, false, err
	}
	req, err := c.gh.NewRequest(ctx, http.MethodGet, fmt.Sprintf("repos/%s/%s", owner, name), nil)
	if err != nil {
		return Stats{}, false, fmt.Errorf("github: repo stats %s: %w", fullName, err)
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	var repo gogithub.Repository
	resp, err := c.gh.Do(req, &repo)
	if resp != nil && resp.StatusCode == http.StatusNotModified {
		c.log.DebugContext(ctx, "repository not modified", "repo", fullName)
		return Stats{ETag: etag}, true, nil
	}
	if err != nil {
		return Stats{}, false, c.wrap("get repository "+fullName, resp, err)
	}
	newETag := resp.Header.Get("ETag")

	langs, resp, err := c.gh.Repositories.ListLanguages(ctx, owner, name)
	if err != nil {
		return Stats{}, false, c.wrap("list languages of "+fullName, resp, err)
	}
	commits, err := c.CommitCount(ctx, fullName)
	if err != nil {
		return Stats{}, false, err
	}

	st := Stats{
		CommitCount:    commits,
		LanguagesBytes: langs,
		Languages:      sortedLanguages(langs),
		ETag:           newETag,
		FullName:       repo.GetFullName(),
		DefaultBranch:  repo.GetDefaultBranch(),
		Stars:          repo.GetStargazersCount(),
		Forks:          repo.GetForksCount(),
		SizeKB:         repo.GetSize(),
		PushedAt:       repo.GetPushedAt().Time,
	}
	st.LinesOfCode = LinesOfCode(langs)
	st.ComplexityScore = Complexity(len(langs), st.LinesOfCode)
	return st, false, nil
}

// CommitCount counts the commits of the default branch with one request:
// it lists commits with per_page=1, so the page number of the Link header's
// rel="last" is the number of commits. Without a Link header everything fit
// on one page and the count is the length of that page. An empty repository
// (409 Conflict) has 0 commits.
func (c *Client) CommitCount(ctx context.Context, fullName string) (int, error) {
	owner, name, err := splitFullName(fullName)
	if err != nil {
		return 0, err
	}
	commits, resp, err := c.gh.Repositories.ListCommits(ctx, owner, name,
		&gogithub.CommitsListOptions{ListOptions: gogithub.ListOptions{PerPage: 1}})
	if resp != nil && resp.StatusCode == http.StatusConflict {
		return 0, nil
	}
	if err != nil {
		return 0, c.wrap("list commits of "+fullName, resp, err)
	}
	if resp.LastPage > 0 {
		return resp.LastPage, nil
	}
	return len(commits), nil
}

// Commit is a commit of the default branch with its dates.
type Commit struct {
	SHA         string
	AuthoredAt  time.Time
	CommittedAt time.Time
}

// CommitsSince lists the default branch's commits committed since a time,
// newest first: one page of at most 100 (a day's work; more are not needed
// to tell that the day was busy). An empty repository has none.
func (c *Client) CommitsSince(ctx context.Context, fullName string, since time.Time) ([]Commit, error) {
	owner, name, err := splitFullName(fullName)
	if err != nil {
		return nil, err
	}
	commits, resp, err := c.gh.Repositories.ListCommits(ctx, owner, name,
		&gogithub.CommitsListOptions{Since: since.UTC(), ListOptions: gogithub.ListOptions{PerPage: 100}})
	if resp != nil && resp.StatusCode == http.StatusConflict {
		return nil, nil
	}
	if err != nil {
		return nil, c.wrap("list commits of "+fullName, resp, err)
	}
	out := make([]Commit, 0, len(commits))
	for _, rc := range commits {
		out = append(out, Commit{SHA: rc.GetSHA(), AuthoredAt: rc.GetCommit().GetAuthor().GetDate().Time,
			CommittedAt: rc.GetCommit().GetCommitter().GetDate().Time})
	}
	return out, nil
}

// LinesOfCode estimates lines from the languages endpoint: the total number
// of bytes divided by BytesPerLine (40, an average line of source code).
func LinesOfCode(languagesBytes map[string]int) int {
	total := 0
	for _, b := range languagesBytes {
		if b > 0 {
			total += b
		}
	}
	return total / BytesPerLine
}

// Complexity is the complexity_score, in [0,10], rounded to one decimal:
//
//	1.5·log2(1+languages) + log10(1+lines_of_code), capped at 10
//
// One language and 10k lines give about 5.5; three languages and 100k
// lines 8.0; the cap is reached around 6 languages and a million lines.
func Complexity(languages, linesOfCode int) float64 {
	if languages <= 0 && linesOfCode <= 0 {
		return 0
	}
	s := 1.5*math.Log2(1+float64(max(languages, 0))) + math.Log10(1+float64(max(linesOfCode, 0)))
	s = math.Min(10, math.Max(0, s))
	return math.Round(s*10) / 10
}

// sortedLanguages orders names by bytes, most first, then by name.
func sortedLanguages(langs map[string]int) []string {
	names := make([]string, 0, len(langs))
	for n := range langs {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if langs[names[i]] != langs[names[j]] {
			return langs[names[i]] > langs[names[j]]
		}
		return names[i] < names[j]
	})
	return names
}

// Release is one published release, for deployment_events.
type Release struct {
	ID          int64
	TagName     string
	Name        string
	Draft       bool
	Prerelease  bool
	CreatedAt   time.Time
	PublishedAt time.Time
	URL         string
	Assets      int
}

// Summary is a small JSON object for project_growth_log.deployment_events,
// shaped like the release webhook's WebhookEvent.Summary.
func (r Release) Summary() json.RawMessage {
	s := struct {
		Event       string `json:"event"`
		Tag         string `json:"tag"`
		Name        string `json:"name,omitempty"`
		Prerelease  bool   `json:"prerelease,omitempty"`
		Draft       bool   `json:"draft,omitempty"`
		PublishedAt string `json:"published_at,omitempty"`
		URL         string `json:"url,omitempty"`
	}{Event: EventRelease, Tag: r.TagName, Name: r.Name, Prerelease: r.Prerelease, Draft: r.Draft, URL: r.URL}
	if !r.PublishedAt.IsZero() {
		s.PublishedAt = r.PublishedAt.UTC().Format(time.RFC3339)
	}
	b, err := json.Marshal(s)
	if err != nil { // strings and bools always encode
		return json.RawMessage(`{"event":"release"}`)
	}
	return b
}

// Releases lists up to limit releases of fullName, newest first (GitHub's
// order). limit is clamped to [1,100], one page.
func (c *Client) Releases(ctx context.Context, fullName string, limit int) ([]Release, error) {
	owner, name, err := splitFullName(fullName)
	if err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), 100)
	rels, resp, err := c.gh.Repositories.ListReleases(ctx, owner, name, &gogithub.ListOptions{PerPage: limit})
	if err != nil {
		return nil, c.wrap("list releases of "+fullName, resp, err)
	}
	out := make([]Release, 0, min(len(rels), limit))
	for _, r := range rels {
		if len(out) == limit {
			break
		}
		out = append(out, Release{
			ID:          r.GetID(),
			TagName:     r.GetTagName(),
			Name:        r.GetName(),
			Draft:       r.GetDraft(),
			Prerelease:  r.GetPrerelease(),
			CreatedAt:   r.GetCreatedAt().Time,
			PublishedAt: r.GetPublishedAt().Time,
			URL:         r.GetHTMLURL(),
			Assets:      len(r.Assets),
		})
	}
	return out, nil
}

func splitFullName(fullName string) (owner, name string, err error) {
	owner, name, ok := strings.Cut(fullName, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", "", fmt.Errorf("github: repository %q: want owner/name", fullName)
	}
	return owner, name, nil
}
