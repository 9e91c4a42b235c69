package worker

import (
	"context"
	"fmt"

	"github.com/greenhouse-garden/greenhouse/internal/domain"

	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// ForAPI returns the worker's entry points in the shape the HTTP API wants
// (internal/api.Integrations): webhooks, sync requests and Spotify.
func (w *Worker) ForAPI() APIAdapter { return APIAdapter{w: w} }

// APIAdapter adapts a Worker to the API's Integrations interface.
type APIAdapter struct{ w *Worker }

// Webhook verifies and queues a GitHub delivery (see Webhooks.Handle).
func (a APIAdapter) Webhook(ctx context.Context, event, delivery, signature string, body []byte) (int, string, error) {
	res, err := a.w.Webhooks().Handle(ctx, event, delivery, signature, body)
	return res.Status, res.Message, err
}

// EnqueueSync queues a GitHub sync (projectRef "" for every linked
// project); force asks GitHub even for repositories synced within
// cache.github_ttl.
func (a APIAdapter) EnqueueSync(ctx context.Context, projectRef string, force bool) (int64, error) {
	return a.w.EnqueueSync(ctx, projectRef, force)
}

// Spotify returns what the owner is listening to, in wire form.
func (a APIAdapter) Spotify(ctx context.Context) (api.SpotifyState, error) {
	st, err := a.w.Spotify().Current(ctx)
	if err != nil {
		// Spotify refused or failed and nothing is known yet: the visitor
		// gets a 503, not a 500, and the cause goes to the log.
		return api.SpotifyState{}, fmt.Errorf("%w: spotify: %w", domain.ErrUnavailable, err)
	}
	return api.SpotifyState{Configured: st.Configured, IsPlaying: st.IsPlaying, Track: st.Track,
		Artists: nonNil(st.Artists), Genres: nonNil(st.Genres), Mood: st.Mood, FetchedAt: st.FetchedAt}, nil
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
