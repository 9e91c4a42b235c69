package privacy

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/testclock"
)

func TestParseUserAgent(t *testing.T) {
	tests := []struct {
		name string
		ua   string
		want Agent
	}{
		{"desktop firefox", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", Agent{"desktop", "firefox", false}},
		{"windows firefox", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", Agent{"desktop", "firefox", false}},
		{"iphone safari", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", Agent{"mobile", "safari", false}},
		{"ipad safari", "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", Agent{"tablet", "safari", false}},
		{"mac safari", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", Agent{"desktop", "safari", false}},
		{"android chrome", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36", Agent{"mobile", "chrome", false}},
		{"android tablet chrome", "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", Agent{"tablet", "chrome", false}},
		{"iphone chrome", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", Agent{"mobile", "chrome", false}},
		{"windows chrome", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", Agent{"desktop", "chrome", false}},
		{"edge", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.56", Agent{"desktop", "edge", false}},
		{"opera", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0", Agent{"desktop", "opera", false}},
		{"googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Agent{"desktop", "other", true}},
		{"googlebot smartphone", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Agent{"mobile", "chrome", true}},
		{"bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", Agent{"desktop", "other", true}},
		{"headless chrome", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.71 Safari/537.36", Agent{"desktop", "chrome", true}},
		{"curl", "curl/8.5.0", Agent{"desktop", "other", true}},
		{"python requests", "python-requests/2.32.3", Agent{"desktop", "other", true}},
		{"go client", "Go-http-client/1.1", Agent{"desktop", "other", true}},
		{"empty", "", Agent{"desktop", "other", true}},
		{"blank", "   ", Agent{"desktop", "other", true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseUserAgent(tt.ua); got != tt.want {
				t.Errorf("ParseUserAgent(%q) = %+v, want %+v", tt.ua, got, tt.want)
			}
		})
	}
}

func prefixes(t *testing.T, ss ...string) []netip.Prefix {
	t.Helper()
	out := make([]netip.Prefix, 0, len(ss))
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

func request(remote string, headers map[string][]string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = remote
	for k, vs := range headers {
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	return r
}

func TestClientIP(t *testing.T) {
	proxies := []string{"10.0.0.0/8", "fd00::/8"}
	tests := []struct {
		name    string
		remote  string
		xff     []string
		trusted []string
		want    string
	}{
		{"no proxies configured", "203.0.113.7:5555", nil, nil, "203.0.113.7"},
		{"spoofed xff from untrusted peer ignored", "203.0.113.7:5555", []string{"1.2.3.4"}, proxies, "203.0.113.7"},
		{"spoofed xff without trusted list ignored", "203.0.113.7:5555", []string{"1.2.3.4"}, nil, "203.0.113.7"},
		{"trusted proxy, one hop", "10.0.0.2:443", []string{"198.51.100.9"}, proxies, "198.51.100.9"},
		{"right-most untrusted wins over client-prepended", "10.0.0.2:443", []string{"1.2.3.4, 198.51.100.9, 10.0.0.5"}, proxies, "198.51.100.9"},
		{"repeated headers are concatenated", "10.0.0.2:443", []string{"1.2.3.4", "198.51.100.9"}, proxies, "198.51.100.9"},
		{"entry with port", "10.0.0.2:443", []string{"198.51.100.9:1234"}, proxies, "198.51.100.9"},
		{"ipv6 entries", "[fd00::1]:443", []string{"2001:db8::7"}, proxies, "2001:db8::7"},
		{"trusted proxy without xff", "10.0.0.2:443", nil, proxies, "10.0.0.2"},
		{"all hops trusted gives left-most", "10.0.0.2:443", []string{"10.0.0.9, 10.0.0.5"}, proxies, "10.0.0.9"},
		{"garbage entry stops the walk", "10.0.0.2:443", []string{"1.2.3.4, nonsense, 10.0.0.5"}, proxies, "10.0.0.5"},
		{"ipv4-mapped peer unmapped", "[::ffff:203.0.113.7]:80", nil, nil, "203.0.113.7"},
		{"remote without port", "203.0.113.7", nil, nil, "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request(tt.remote, map[string][]string{"X-Forwarded-For": tt.xff})
			got := ClientIP(r, prefixes(t, tt.trusted...))
			if got != netip.MustParseAddr(tt.want) {
				t.Errorf("ClientIP = %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("unparsable remote gives zero addr", func(t *testing.T) {
		if got := ClientIP(request("pipe", nil), nil); got.IsValid() {
			t.Errorf("ClientIP = %v, want invalid", got)
		}
	})
}

func TestCountry(t *testing.T) {
	trusted := []string{"10.0.0.0/8"}
	tests := []struct {
		name   string
		remote string
		header string
		value  string
		want   string
	}{
		{"trusted proxy", "10.1.2.3:443", "CF-IPCountry", "DE", "DE"},
		{"lower case normalised", "10.1.2.3:443", "CF-IPCountry", "fr", "FR"},
		{"untrusted peer ignored", "203.0.113.7:5555", "CF-IPCountry", "DE", ""},
		{"unknown XX", "10.1.2.3:443", "CF-IPCountry", "XX", ""},
		{"tor T1", "10.1.2.3:443", "CF-IPCountry", "T1", ""},
		{"too long", "10.1.2.3:443", "CF-IPCountry", "DEU", ""},
		{"missing", "10.1.2.3:443", "CF-IPCountry", "", ""},
		{"no header configured", "10.1.2.3:443", "", "DE", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request(tt.remote, map[string][]string{"CF-IPCountry": {tt.value}})
			if got := Country(r, tt.header, prefixes(t, trusted...)); got != tt.want {
				t.Errorf("Country = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDoNotTrack(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string][]string
		want    bool
	}{
		{"none", nil, false},
		{"dnt 1", map[string][]string{"DNT": {"1"}}, true},
		{"dnt 0", map[string][]string{"DNT": {"0"}}, false},
		{"gpc 1", map[string][]string{"Sec-GPC": {"1"}}, true},
		{"gpc other", map[string][]string{"Sec-GPC": {"yes"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DoNotTrack(request("203.0.113.7:1", tt.headers)); got != tt.want {
				t.Errorf("DoNotTrack = %v, want %v", got, tt.want)
			}
		})
	}
}

func mustHash(t *testing.T, h *Hasher, ip, ua string) (string, string) {
	t.Helper()
	today, yesterday, err := h.Hash(context.Background(), netip.MustParseAddr(ip), ua)
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	return today, yesterday
}

func TestHasher(t *testing.T) {
	const ua = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	day1 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

	t.Run("format and stability within a day", func(t *testing.T) {
		clk := testclock.New(day1)
		h := NewHasher(NewMemorySalts(), clk.Now)
		a, y := mustHash(t, h, "203.0.113.7", ua)
		if len(a) != 64 {
			t.Fatalf("len(hash) = %d, want 64", len(a))
		}
		if _, err := hex.DecodeString(a); err != nil {
			t.Fatalf("hash %q is not hex: %v", a, err)
		}
		if y != "" {
			t.Errorf("yesterday = %q on the first day, want empty", y)
		}
		clk.Add(13 * time.Hour) // 23:00 the same day
		if b, _ := mustHash(t, h, "203.0.113.7", ua); b != a {
			t.Errorf("hash changed within a day: %s != %s", b, a)
		}
		// A second replica on the same store agrees.
		if c, _ := mustHash(t, NewHasher(h.store, clk.Now), "203.0.113.7", ua); c != a {
			t.Errorf("second hasher on the same store: %s != %s", c, a)
		}
	})

	t.Run("inputs change the hash", func(t *testing.T) {
		clk := testclock.New(day1)
		h := NewHasher(NewMemorySalts(), clk.Now)
		base, _ := mustHash(t, h, "203.0.113.7", ua)
		tests := []struct {
			name, ip, ua string
			same         bool
		}{
			{"other ua", "203.0.113.7", ua + " extra", false},
			{"other ip", "203.0.113.8", ua, false},
			{"ipv4-mapped is the same client", "::ffff:203.0.113.7", ua, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, _ := mustHash(t, h, tt.ip, tt.ua)
				if (got == base) != tt.same {
					t.Errorf("hash equal to base = %v, want %v", got == base, tt.same)
				}
			})
		}
	})

	t.Run("days and rotation", func(t *testing.T) {
		clk := testclock.New(day1)
		salts := NewMemorySalts()
		h := NewHasher(salts, clk.Now)
		ctx := context.Background()

		d1, _ := mustHash(t, h, "203.0.113.7", ua)

		clk.Set(day1.Add(14*time.Hour + 30*time.Minute)) // 00:30 on day 2
		d2, y2 := mustHash(t, h, "203.0.113.7", ua)
		if d2 == d1 {
			t.Errorf("hash did not change across days")
		}
		if y2 != d1 {
			t.Errorf("yesterday on day 2 = %q, want day 1's hash %q", y2, d1)
		}

		clk.Set(day1.Add(48 * time.Hour)) // day 3
		if _, err := salts.GetSalt(ctx, "2026-03-01"); err != nil {
			t.Fatalf("day 1 salt gone before Rotate: %v", err)
		}
		if err := h.Rotate(ctx); err != nil {
			t.Fatalf("Rotate: %v", err)
		}
		if _, err := salts.GetSalt(ctx, "2026-03-01"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("day 1 salt after Rotate on day 3: err = %v, want ErrNotFound", err)
		}
		if _, err := salts.GetSalt(ctx, "2026-03-02"); err != nil {
			t.Errorf("Rotate deleted yesterday's salt: %v", err)
		}
		if _, err := salts.GetSalt(ctx, "2026-03-03"); err != nil {
			t.Errorf("Rotate did not create today's salt: %v", err)
		}
		d3, y3 := mustHash(t, h, "203.0.113.7", ua)
		if y3 != d2 || d3 == d2 || d3 == d1 {
			t.Errorf("day 3: today=%s yesterday=%s, want yesterday=%s and a new today", d3, y3, d2)
		}

		// Once yesterday's salt is deleted (say by a shorter retention run on
		// another replica) yesterday's hash disappears within the recheck time.
		if _, err := salts.DeleteSaltsBefore(ctx, "2026-03-03"); err != nil {
			t.Fatal(err)
		}
		clk.Add(yesterdayRecheck)
		if _, y := mustHash(t, h, "203.0.113.7", ua); y != "" {
			t.Errorf("yesterday after its salt was deleted = %q, want empty", y)
		}

		// Skipping a day: no salt for yesterday, so no yesterday hash.
		clk.Set(day1.Add(5 * 24 * time.Hour))
		if _, y := mustHash(t, h, "203.0.113.7", ua); y != "" {
			t.Errorf("yesterday without a salt = %q, want empty", y)
		}
	})

	t.Run("invalid address", func(t *testing.T) {
		h := NewHasher(NewMemorySalts(), testclock.New(day1).Now)
		if _, _, err := h.Hash(context.Background(), netip.Addr{}, ua); err == nil {
			t.Error("Hash of an invalid address: want error")
		}
	})

	t.Run("concurrent replicas agree on one salt", func(t *testing.T) {
		salts := NewMemorySalts()
		clk := testclock.New(day1)
		const n = 8
		got := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				h := NewHasher(salts, clk.Now)
				got[i], _, _ = h.Hash(context.Background(), netip.MustParseAddr("203.0.113.7"), ua)
			}()
		}
		wg.Wait()
		for i := 1; i < n; i++ {
			if got[i] != got[0] || got[i] == "" {
				t.Fatalf("replica %d hash %q != %q", i, got[i], got[0])
			}
		}
	})
}

type failingSalts struct{ *MemorySalts }

func (*failingSalts) GetSalt(context.Context, string) ([]byte, error) {
	return nil, domain.ErrUnavailable
}

func TestHasherStoreError(t *testing.T) {
	h := NewHasher(&failingSalts{NewMemorySalts()}, testclock.New(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)).Now)
	_, _, err := h.Hash(context.Background(), netip.MustParseAddr("203.0.113.7"), "ua")
	if !errors.Is(err, domain.ErrUnavailable) {
		t.Errorf("err = %v, want wrapping ErrUnavailable", err)
	}
}
