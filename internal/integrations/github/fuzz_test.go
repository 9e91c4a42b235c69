package github_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/fixtures"
	"github.com/greenhouse-garden/greenhouse/internal/integrations/github"
)

// addFixtureSeeds seeds f with every fixture: the event is the file name up
// to the first dot (fixtures README). It returns how many it added.
func addFixtureSeeds(f *testing.F) int {
	names := fixtures.Names(f, "github-webhooks")
	for _, name := range names {
		event, _, _ := strings.Cut(name, ".")
		f.Add(event, fixtures.Read(f, "github-webhooks", name))
	}
	return len(names)
}

var handledEvents = map[string]bool{
	"ping": true, "push": true, "pull_request": true, "release": true, "create": true,
	"star": true, "fork": true, "issues": true, "workflow_run": true,
}

// ParseWebhook decodes request bodies anyone can POST (after the signature
// check, but a leaked secret or a GitHub format change must not crash
// serve). It returns exactly one of an event and an error; errors are typed;
// an event carries a JSON summary naming it.
func FuzzParseWebhook(f *testing.F) {
	if n := addFixtureSeeds(f); n == 0 {
		f.Fatal("no github-webhooks fixtures in internal/fixtures")
	}
	for _, s := range []struct{ event, body string }{
		{"push", `{"ref":"refs/heads/main","commits":[{"id":"abc","distinct":true,"added":["a.go"]},{"id":"def","distinct":false}],"repository":{"full_name":"o/r"},"sender":{"login":"u"}}`},
		{"push", `{"ref":"refs/tags/v1","deleted":true,"commits":[],"head_commit":null}`},
		{"pull_request", `{"action":"closed","pull_request":{"number":3,"merged":true,"additions":10,"deletions":2,"commits":4}}`},
		{"pull_request", `{"action":"opened"}`},
		{"release", `{"action":"published","release":{"tag_name":"v1","draft":false}}`},
		{"workflow_run", `{"action":"completed","workflow_run":null}`},
		{"ping", `{"zen":"Keep it logically awesome.","hook_id":1}`},
		{"Push", ` {"ref":1} `},
		{"issues", `[]`},
		{"", `{}`},
		{"deployment", `{}`},
		{"star", ``},
	} {
		f.Add(s.event, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, eventType string, body []byte) {
		ev, err := github.ParseWebhook(eventType, body)
		if (ev == nil) == (err == nil) {
			t.Fatalf("ParseWebhook(%q) = %+v, %v: want exactly one of an event and an error", eventType, ev, err)
		}
		event := strings.ToLower(strings.TrimSpace(eventType))
		if err != nil {
			var ignored *github.IgnoredEventError
			switch {
			case errors.As(err, &ignored):
				if handledEvents[event] || ignored.Event != event {
					t.Errorf("ParseWebhook(%q) ignored %q", eventType, ignored.Event)
				}
			case errors.Is(err, github.ErrMalformedPayload):
				if event != "" && !handledEvents[event] {
					t.Errorf("ParseWebhook(%q): malformed instead of ignored: %v", eventType, err)
				}
			default:
				t.Errorf("ParseWebhook(%q) = untyped error %v", eventType, err)
			}
			return
		}
		if !handledEvents[ev.Event] || ev.Event != event {
			t.Errorf("ParseWebhook(%q).Event = %q", eventType, ev.Event)
		}
		if !json.Valid(body) {
			t.Errorf("ParseWebhook(%q) accepted a body that is not JSON: %q", eventType, body)
		}
		var sum struct {
			Event  string `json:"event"`
			Action string `json:"action"`
		}
		if err := json.Unmarshal(ev.Summary, &sum); err != nil {
			t.Fatalf("summary is not JSON: %v: %s", err, ev.Summary)
		}
		if sum.Event != ev.Event || sum.Action != ev.Action {
			t.Errorf("summary %s does not name event %q action %q", ev.Summary, ev.Event, ev.Action)
		}
		if ev.Commits < 0 && ev.Event == "push" {
			t.Errorf("push counts %d commits", ev.Commits)
		}
	})
}

// VerifySignature guards the webhook endpoint: a body signed with the secret
// verifies, the same body with any byte of the signature or body flipped
// does not, and a refusal is always a *SignatureError.
func FuzzVerifySignature(f *testing.F) {
	for i, name := range fixtures.Names(f, "github-webhooks")[:4] {
		f.Add([]byte("webhook-secret-from-config"), fixtures.Read(f, "github-webhooks", name), uint16(i*37), "")
	}
	f.Add([]byte("s3cret"), []byte(`{"zen":"Design for failure."}`), uint16(0), "")
	f.Add([]byte("s3cret"), []byte{}, uint16(3), "sha256=")
	f.Add([]byte{}, []byte(`{}`), uint16(9), "sha256=00")
	f.Add([]byte("k"), []byte(`{}`), uint16(70), "sha1=0123456789abcdef0123456789abcdef01234567")
	f.Add([]byte("k"), []byte("x"), uint16(1), strings.Repeat("z", 71))
	f.Fuzz(func(t *testing.T, secret, body []byte, pos uint16, header string) {
		// Any header: refusals are typed, and only the right digest passes.
		if err := github.VerifySignature(secret, body, header); err != nil {
			var se *github.SignatureError
			if !errors.As(err, &se) || se.Reason == "" {
				t.Fatalf("VerifySignature(header %q) = %v (%T), want a *SignatureError", header, err, err)
			}
		} else if !strings.EqualFold(strings.TrimSpace(header), github.Sign(secret, body)) { // hex digits may be upper case
			t.Fatalf("VerifySignature accepted %q, the signature is %q", header, github.Sign(secret, body))
		}
		if len(secret) == 0 {
			if err := github.VerifySignature(secret, body, github.Sign(secret, body)); err == nil {
				t.Fatal("an empty secret verified a delivery")
			}
			return
		}
		sig := github.Sign(secret, body)
		if err := github.VerifySignature(secret, body, sig); err != nil {
			t.Fatalf("own signature refused: %v", err)
		}
		// Flip one bit of one hex digit of the digest: it must not verify.
		hexPart := []byte(strings.TrimPrefix(sig, "sha256="))
		i := int(pos) % len(hexPart)
		hexPart[i] = flipHex(hexPart[i])
		if err := github.VerifySignature(secret, body, "sha256="+string(hexPart)); err == nil {
			t.Fatalf("flipped digit %d of the signature verified", i)
		}
		// Flip one byte of the body: the old signature must not verify it.
		if len(body) > 0 {
			tampered := bytes.Clone(body)
			tampered[int(pos)%len(tampered)] ^= 0x01
			if err := github.VerifySignature(secret, tampered, sig); err == nil {
				t.Fatalf("a body with byte %d flipped verified", int(pos)%len(tampered))
			}
		}
	})
}

// flipHex returns another lower-case hex digit than c.
func flipHex(c byte) byte {
	const digits = "0123456789abcdef"
	i := strings.IndexByte(digits, c)
	return digits[(i+1)%len(digits)]
}
