// Package privacy turns a raw HTTP request into the little the analytics may
// keep: a coarse device and browser, a country from a trusted proxy, whether
// the visitor asked not to be tracked, and a daily-salted hash instead of an
// IP address.
package privacy

import "strings"

// Agent is the coarse description of a user agent kept for statistics.
type Agent struct {
	DeviceType string // "desktop", "tablet" or "mobile"
	Browser    string // "firefox", "chrome", "safari", "edge", "opera" or "other"
	Bot        bool
}

// ParseUserAgent classifies a User-Agent header with small heuristics:
//
//   - Bot: empty, or containing one of a few markers (bot, crawler, spider,
//     curl, wget, python-requests, Go-http-client, headless, ...).
//   - Browser: checked in order edge (Edg/, Edge/, EdgA/, EdgiOS/), opera
//     (OPR/, Opera), firefox (Firefox/, FxiOS/), chrome (Chrome/, CriOS/,
//     Chromium/), safari (Safari/ with Version/ and none of the above); else other.
//   - DeviceType: tablet for iPad, Android without "Mobile" and Kindle/Silk;
//     mobile for iPhone/iPod, Android Mobile, "Mobile"/"Mobi" and
//     Windows Phone; desktop otherwise.
//
// The result never contains the raw string, so it is safe to store.
func ParseUserAgent(ua string) Agent {
	s := strings.ToLower(strings.TrimSpace(ua))
	return Agent{
		DeviceType: deviceType(s),
		Browser:    browser(s),
		Bot:        isBot(s),
	}
}

// isBot wants s lower-cased.
func isBot(s string) bool {
	if s == "" {
		return true
	}
	// A short list on purpose: the generic words ("bot", "crawler", "spider")
	// catch most crawlers, the rest are HTTP libraries and headless browsers.
	markers := [...]string{
		"bot", "crawler", "spider", "slurp", "scraper", "headless",
		"curl/", "wget/", "python-requests", "python-urllib", "aiohttp", "httpx",
		"go-http-client", "java/", "okhttp", "libwww-perl", "node-fetch", "axios/",
		"lighthouse", "pingdom", "uptime", "facebookexternalhit",
		"phantomjs", "selenium", "puppeteer", "playwright",
	}
	for _, m := range markers {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// browser wants s lower-cased. Order matters: Edge and Opera also claim
// Chrome and Safari, Chrome also claims Safari.
func browser(s string) string {
	has := func(subs ...string) bool {
		for _, sub := range subs {
			if strings.Contains(s, sub) {
				return true
			}
		}
		return false
	}
	switch {
	case has("edg/", "edge/", "edga/", "edgios/"):
		return "edge"
	case has("opr/", "opera", "opios/"):
		return "opera"
	case has("firefox/", "fxios/"):
		return "firefox"
	case has("chrome/", "crios/", "chromium/"):
		return "chrome"
	case has("safari/") && has("version/"):
		return "safari"
	default:
		return "other"
	}
}

// deviceType wants s lower-cased.
func deviceType(s string) string {
	has := func(sub string) bool { return strings.Contains(s, sub) }
	switch {
	case has("ipad"), has("kindle"), has("silk/"),
		has("android") && !has("mobile"):
		return "tablet"
	case has("iphone"), has("ipod"), has("windows phone"), has("mobile"), has("mobi"):
		return "mobile"
	default:
		return "desktop"
	}
}
