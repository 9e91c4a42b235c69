package spotify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Item types of what is playing.
const (
	TypeTrack   = "track"
	TypeEpisode = "episode"
	TypeAd      = "ad"
	TypeUnknown = "unknown"
)

// ArtistRef is an artist as it appears on a track.
type ArtistRef struct {
	ID   string
	Name string
}

// Playing is what the user's player holds. The zero value (Type "") means
// nothing at all is playing (Spotify answered 204).
type Playing struct {
	IsPlaying   bool   // false when paused
	Type        string // TypeTrack, TypeEpisode, TypeAd, TypeUnknown; "" when nothing
	ID          string
	Name        string
	Artists     []ArtistRef // tracks only
	Album       string      // tracks only
	Show        string      // episodes only
	Progress    time.Duration
	Duration    time.Duration
	ContextType string // "playlist", "album", "show", … or "" when none
	URL         string // open.spotify.com link
	At          time.Time
}

// Nothing reports whether no item is loaded in the player at all.
func (p *Playing) Nothing() bool { return p == nil || p.Type == "" }

// ArtistIDs returns the IDs of the playing track's artists, for Artists.
func (p *Playing) ArtistIDs() []string {
	if p == nil {
		return nil
	}
	ids := make([]string, 0, len(p.Artists))
	for _, a := range p.Artists {
		if a.ID != "" {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

// Track is a track in the listening history.
type Track struct {
	ID       string
	Name     string
	Artists  []ArtistRef
	Album    string
	Duration time.Duration
	URL      string
}

// Played is one entry of the listening history.
type Played struct {
	PlayedAt    time.Time
	Track       Track
	ContextType string
}

// Artist is an artist with the genres Spotify files it under. Genres may be
// empty; Popularity is 0 when Spotify no longer sends it.
type Artist struct {
	ID         string
	Name       string
	Genres     []string
	Popularity int
	URL        string
}

type externalURLs struct {
	Spotify string `json:"spotify"`
}

type artistRefJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// itemJSON decodes a track or an episode: an episode has a show and no
// artists or album.
type itemJSON struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	Type         string          `json:"type"`
	DurationMs   int64           `json:"duration_ms"`
	ExternalURLs externalURLs    `json:"external_urls"`
	Artists      []artistRefJSON `json:"artists"`
	Album        *struct {
		Name string `json:"name"`
	} `json:"album"`
	Show *struct {
		Name string `json:"name"`
	} `json:"show"`
}

type currentlyPlayingJSON struct {
	IsPlaying            bool   `json:"is_playing"`
	ProgressMs           int64  `json:"progress_ms"`
	Timestamp            int64  `json:"timestamp"`
	CurrentlyPlayingType string `json:"currently_playing_type"`
	Context              *struct {
		Type string `json:"type"`
	} `json:"context"`
	Item *itemJSON `json:"item"`
}

// CurrentlyPlaying returns what the player holds. A 204 (nothing playing)
// is not an error: it returns a zero Playing, for which Nothing() is true.
// Episodes are asked for too (additional_types=track,episode).
func (c *Client) CurrentlyPlaying(ctx context.Context) (*Playing, error) {
	var raw currentlyPlayingJSON
	status, err := c.get(ctx, "me/player/currently-playing", url.Values{"additional_types": {"track,episode"}}, &raw)
	if err != nil {
		return nil, err
	}
	if status == http.StatusNoContent {
		return &Playing{}, nil
	}
	p := &Playing{
		IsPlaying: raw.IsPlaying,
		Type:      raw.CurrentlyPlayingType,
		Progress:  time.Duration(raw.ProgressMs) * time.Millisecond,
	}
	if raw.Timestamp > 0 {
		p.At = time.UnixMilli(raw.Timestamp).UTC()
	}
	if raw.Context != nil {
		p.ContextType = raw.Context.Type
	}
	if it := raw.Item; it != nil {
		if p.Type == "" {
			p.Type = it.Type // older payloads lack currently_playing_type
		}
		p.ID, p.Name, p.URL = it.ID, it.Name, it.ExternalURLs.Spotify
		p.Duration = time.Duration(it.DurationMs) * time.Millisecond
		p.Artists = artistRefs(it.Artists)
		if it.Album != nil {
			p.Album = it.Album.Name
		}
		if it.Show != nil {
			p.Show = it.Show.Name
		}
	}
	if p.Type == "" {
		p.Type = TypeUnknown
	}
	return p, nil
}

type recentlyPlayedJSON struct {
	Items []struct {
		PlayedAt time.Time `json:"played_at"`
		Track    *itemJSON `json:"track"`
		Context  *struct {
			Type string `json:"type"`
		} `json:"context"`
	} `json:"items"`
}

// RecentlyPlayed returns up to limit (clamped to [1,50]) tracks, most
// recent first.
func (c *Client) RecentlyPlayed(ctx context.Context, limit int) ([]Played, error) {
	limit = min(max(limit, 1), 50)
	var raw recentlyPlayedJSON
	if _, err := c.get(ctx, "me/player/recently-played", url.Values{"limit": {strconv.Itoa(limit)}}, &raw); err != nil {
		return nil, err
	}
	out := make([]Played, 0, len(raw.Items))
	for _, it := range raw.Items {
		if it.Track == nil {
			continue
		}
		p := Played{PlayedAt: it.PlayedAt, Track: Track{
			ID: it.Track.ID, Name: it.Track.Name, Artists: artistRefs(it.Track.Artists),
			Duration: time.Duration(it.Track.DurationMs) * time.Millisecond, URL: it.Track.ExternalURLs.Spotify,
		}}
		if it.Track.Album != nil {
			p.Track.Album = it.Track.Album.Name
		}
		if it.Context != nil {
			p.ContextType = it.Context.Type
		}
		out = append(out, p)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

type artistJSON struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	Genres       []string     `json:"genres"`
	Popularity   int          `json:"popularity"`
	ExternalURLs externalURLs `json:"external_urls"`
}

func (a artistJSON) artist() Artist {
	genres := a.Genres
	if genres == nil {
		genres = []string{}
	}
	return Artist{ID: a.ID, Name: a.Name, Genres: genres, Popularity: a.Popularity, URL: a.ExternalURLs.Spotify}
}

// maxArtistsPerRequest is Spotify's limit for GET /artists?ids=.
const maxArtistsPerRequest = 50

// Artists returns the artists with the given IDs, in that order, without
// duplicates. One ID uses GET /artists/{id}; several use GET /artists?ids=
// in batches of 50. When the batch endpoint is refused (403, 404 or 410:
// Spotify has been withdrawing batch endpoints from apps in development
// mode), it falls back to one request per artist.
func (c *Client) Artists(ctx context.Context, ids []string) ([]Artist, error) {
	ids = uniqueIDs(ids)
	switch len(ids) {
	case 0:
		return nil, nil
	case 1:
		a, err := c.artist(ctx, ids[0])
		if err != nil {
			return nil, err
		}
		return []Artist{a}, nil
	}
	out := make([]Artist, 0, len(ids))
	for start := 0; start < len(ids); start += maxArtistsPerRequest {
		batch := ids[start:min(start+maxArtistsPerRequest, len(ids))]
		var raw struct {
			Artists []*artistJSON `json:"artists"`
		}
		status, err := c.get(ctx, "artists", url.Values{"ids": {strings.Join(batch, ",")}}, &raw)
		if err != nil {
			if status == http.StatusForbidden || status == http.StatusNotFound || status == http.StatusGone {
				c.log.DebugContext(ctx, "spotify refused several-artists; asking one by one", "status", status)
				for _, id := range batch {
					a, err := c.artist(ctx, id)
					if err != nil {
						return nil, err
					}
					out = append(out, a)
				}
				continue
			}
			return nil, err
		}
		for _, a := range raw.Artists {
			if a != nil { // unknown IDs come back as null
				out = append(out, a.artist())
			}
		}
	}
	return out, nil
}

func (c *Client) artist(ctx context.Context, id string) (Artist, error) {
	var raw artistJSON
	if _, err := c.get(ctx, "artists/"+url.PathEscape(id), nil, &raw); err != nil {
		return Artist{}, fmt.Errorf("artist %s: %w", id, err)
	}
	return raw.artist(), nil
}

func artistRefs(in []artistRefJSON) []ArtistRef {
	if len(in) == 0 {
		return nil
	}
	out := make([]ArtistRef, len(in))
	for i, a := range in {
		out[i] = ArtistRef(a)
	}
	return out
}

func uniqueIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
