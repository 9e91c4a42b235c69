package spotify

import "strings"

// Music moods, the values of weather_states.music_mood this package derives.
const (
	MoodCalm        = "calm"
	MoodEnergetic   = "energetic"
	MoodMelancholic = "melancholic"
	MoodFocused     = "focused"
	MoodHappy       = "happy"
	MoodIntense     = "intense"
	// MoodSilent: nothing is playing, or playback is paused.
	MoodSilent = "silent"
)

// Spotify withdrew audio features (valence, energy, tempo) from new apps in
// November 2024 and trimmed more fields in February 2026, so the mood is
// read from what remains: the play state, the item type and the artists'
// genres.

// genreKeyword maps a keyword found in a genre name to a mood.
type genreKeyword struct {
	keyword string
	mood    string
}

// genreKeywords is checked in order; the first keyword contained in a
// (lower-cased) genre decides that genre's mood, so specific keywords come
// before the general ones they contain ("dream pop" before "pop", "punk"
// before "rock"). docs/integrations.md shows the same table.
func genreKeywords() []genreKeyword {
	return []genreKeyword{
		{"lo-fi", MoodFocused}, {"lofi", MoodFocused},
		{"chill", MoodCalm}, {"ambient", MoodCalm}, {"dream pop", MoodCalm}, {"new age", MoodCalm},
		{"sleep", MoodCalm}, {"meditation", MoodCalm},
		{"metal", MoodIntense}, {"punk", MoodIntense}, {"hardcore", MoodIntense}, {"industrial", MoodIntense},
		{"drill", MoodIntense}, {"dubstep", MoodIntense}, {"grindcore", MoodIntense},
		{"grunge", MoodMelancholic}, {"emo", MoodMelancholic}, {"sad", MoodMelancholic}, {"blues", MoodMelancholic},
		{"goth", MoodMelancholic}, {"shoegaze", MoodMelancholic}, {"slowcore", MoodMelancholic}, {"wave", MoodMelancholic},
		{"classical", MoodFocused}, {"instrumental", MoodFocused}, {"soundtrack", MoodFocused}, {"score", MoodFocused},
		{"post-rock", MoodFocused}, {"jazz", MoodFocused}, {"piano", MoodFocused}, {"minimal", MoodFocused}, {"study", MoodFocused},
		{"techno", MoodEnergetic}, {"house", MoodEnergetic}, {"edm", MoodEnergetic}, {"dance", MoodEnergetic},
		{"trance", MoodEnergetic}, {"drum and bass", MoodEnergetic}, {"hip hop", MoodEnergetic}, {"rap", MoodEnergetic},
		{"glam", MoodEnergetic}, {"rock", MoodEnergetic}, {"electro", MoodEnergetic}, {"reggaeton", MoodEnergetic},
		{"funk", MoodHappy}, {"disco", MoodHappy}, {"soul", MoodHappy}, {"reggae", MoodHappy}, {"ska", MoodHappy},
		{"latin", MoodHappy}, {"pop", MoodHappy},
		{"folk", MoodCalm}, {"acoustic", MoodCalm}, {"bossa nova", MoodCalm}, {"indie", MoodCalm},
	}
}

// moodTieOrder breaks ties between moods with as many genres: the quieter
// mood wins, so the garden's weather only turns on a clear signal.
func moodTieOrder() []string {
	return []string{MoodCalm, MoodFocused, MoodMelancholic, MoodHappy, MoodEnergetic, MoodIntense}
}

// GenreMood returns the mood of one genre name, and false when no keyword
// matches it.
func GenreMood(genre string) (string, bool) {
	g := strings.ToLower(strings.TrimSpace(genre))
	if g == "" {
		return "", false
	}
	for _, k := range genreKeywords() {
		if strings.Contains(g, k.keyword) {
			return k.mood, true
		}
	}
	return "", false
}

// Mood derives the music mood from what is playing and its artists:
//
//   - nothing playing, or paused: MoodSilent;
//   - a podcast episode, an ad or an unknown item: MoodFocused (spoken word,
//     no genres);
//   - a track: every genre of every artist given votes for its mood
//     (GenreMood); the mood with most votes wins, ties broken calm >
//     focused > melancholic > happy > energetic > intense;
//   - a track whose artists have no genres, or none that match: MoodFocused.
//
// artists are those of the playing track (Client.Artists with
// Playing.ArtistIDs); pass nil when unknown.
func Mood(playing *Playing, artists []Artist) string {
	if playing.Nothing() || !playing.IsPlaying {
		return MoodSilent
	}
	if playing.Type != TypeTrack {
		return MoodFocused
	}
	votes := map[string]int{}
	for _, a := range artists {
		for _, g := range a.Genres {
			if m, ok := GenreMood(g); ok {
				votes[m]++
			}
		}
	}
	best, bestVotes := MoodFocused, 0
	for _, m := range moodTieOrder() {
		if votes[m] > bestVotes {
			best, bestVotes = m, votes[m]
		}
	}
	return best
}
