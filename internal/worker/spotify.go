package worker

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/spotify"
)

// SpotifyState is GET /api/v1/integrations/spotify/current.
type SpotifyState struct {
	Configured bool       `json:"configured"`
	IsPlaying  bool       `json:"is_playing"`
	Track      *string    `json:"track"`
	Artists    []string   `json:"artists"`
	Genres     []string   `json:"genres"`
	Mood       string     `json:"mood"`
	FetchedAt  *time.Time `json:"fetched_at"`
}

// Spotify caches what the owner is listening to: one Spotify round trip per
// TTL (5 minutes by default) however many visitors ask. Safe for concurrent use.
type Spotify struct {
	client *spotify.Client
	ttl    time.Duration
	now    func() time.Time

	mu   sync.Mutex
	last *SpotifyState
}

// SpotifyClient builds the Spotify client config describes.
func SpotifyClient(cfg *config.Config, logger *slog.Logger, now func() time.Time) *spotify.Client {
	return spotify.New(spotify.Options{ClientID: cfg.Spotify.ClientID, ClientSecret: cfg.Spotify.ClientSecret,
		RefreshToken: cfg.Spotify.RefreshToken, APIURL: cfg.Spotify.APIURL, AccountsURL: cfg.Spotify.AccountsURL,
		Logger: logger, Now: now})
}

// NewSpotify returns the cached state over client; ttl 0 means 5 minutes.
func NewSpotify(client *spotify.Client, ttl time.Duration, now func() time.Time) *Spotify {
	if ttl <= 0 {
		ttl = 5 * time.Minute
	}
	if now == nil {
		now = time.Now
	}
	return &Spotify{client: client, ttl: ttl, now: now}
}

// Current returns the listening state. Without credentials it is
// {configured:false} and never an error. When Spotify fails, the last known
// state is returned (its fetched_at tells its age); only a failure with
// nothing known yet is an error.
func (s *Spotify) Current(ctx context.Context) (SpotifyState, error) {
	if s.client == nil || !s.client.Configured() {
		return SpotifyState{Artists: []string{}, Genres: []string{}}, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock() // one fetch at a time; the others get its result
	now := s.now()
	if s.last != nil && now.Sub(*s.last.FetchedAt) < s.ttl {
		return *s.last, nil
	}
	st, err := s.fetch(ctx, now)
	if err != nil {
		if s.last != nil {
			return *s.last, nil
		}
		return SpotifyState{Configured: true, Artists: []string{}, Genres: []string{}}, err
	}
	s.last = &st
	return st, nil
}

// Mood is the music mood of the current state ("" when unknown).
func (s *Spotify) Mood(ctx context.Context) (string, error) {
	st, err := s.Current(ctx)
	if err != nil || !st.Configured {
		return "", err
	}
	return st.Mood, nil
}

func (s *Spotify) fetch(ctx context.Context, now time.Time) (SpotifyState, error) {
	at := now.UTC()
	st := SpotifyState{Configured: true, Artists: []string{}, Genres: []string{}, FetchedAt: &at}
	playing, err := s.client.CurrentlyPlaying(ctx)
	if err != nil {
		return st, err
	}
	if playing.Nothing() {
		st.Mood = spotify.Mood(playing, nil)
		return st, nil
	}
	st.IsPlaying = playing.IsPlaying
	name := playing.Name
	st.Track = &name
	for _, a := range playing.Artists {
		st.Artists = append(st.Artists, a.Name)
	}
	var artists []spotify.Artist
	if ids := playing.ArtistIDs(); len(ids) > 0 {
		// Genres only colour the mood: without them it is still derived.
		if artists, err = s.client.Artists(ctx, ids); err != nil && !errors.Is(err, context.Canceled) {
			artists = nil
		}
	}
	seen := map[string]bool{}
	for _, a := range artists {
		for _, g := range a.Genres {
			if !seen[g] {
				seen[g] = true
				st.Genres = append(st.Genres, g)
			}
		}
	}
	st.Mood = spotify.Mood(playing, artists)
	return st, nil
}
