package api

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/privacy"
)

// Visitor session transport: a header for API clients, a cookie for browsers.
const (
	SessionHeader = "X-Visitor-Session"
	SessionCookie = "greenhouse_session"
)

// Hasher turns a client address and user agent into the daily visitor hash
// (privacy.Hasher).
type Hasher interface {
	Hash(ctx context.Context, ip netip.Addr, userAgent string) (today, yesterday string, err error)
}

// visitor is who is asking, as far as the garden may know.
type visitor struct {
	session *domain.VisitorSession // nil when the request has no valid session
	agent   privacy.Agent
	tracked bool // false for bots and Do-Not-Track / Sec-GPC visitors
	ipHash  string
	hashed  bool
}

// sessionToken is the token the request presents, header first.
func sessionToken(r *http.Request) string {
	if t := strings.TrimSpace(r.Header.Get(SessionHeader)); t != "" {
		return t
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// visitor resolves the request's visitor once: its agent, whether it may be
// recorded, and its session when it presents a valid one.
func (s *Server) visitor(ctx context.Context) (*visitor, error) {
	st := state(ctx)
	if st.visitor != nil {
		return st.visitor, nil
	}
	r := st.r
	v := &visitor{agent: s.agents.parse(r.UserAgent())}
	v.tracked = !v.agent.Bot && !privacy.DoNotTrack(r)
	if tok := sessionToken(r); tok != "" && len(tok) <= 128 && v.tracked {
		if sess, ok := s.sessions.get(tok); ok {
			v.session = sess
		} else {
			sess, err := s.svc.VisitorSession(ctx, tok)
			switch {
			case err == nil:
				v.session = sess
				s.sessions.put(tok, sess)
			case !errors.Is(err, domain.ErrNotFound):
				return nil, err
			}
		}
	}
	st.visitor = v
	return v, nil
}

// requireSession returns the visitor's session or a 401.
func (s *Server) requireSession(ctx context.Context) (*visitor, error) {
	v, err := s.visitor(ctx)
	if err != nil {
		return nil, err
	}
	if v.session == nil {
		return nil, unauthorized("a valid visitor session is required: GET /api/v1/garden first")
	}
	return v, nil
}

// hash returns today's visitor hash of the request, "" when it cannot be
// made (no hasher, unparsable peer). The address itself goes no further.
func (s *Server) hash(ctx context.Context, v *visitor) string {
	if v.hashed {
		return v.ipHash
	}
	v.hashed = true
	if s.hasher == nil {
		return ""
	}
	r := state(ctx).r
	ip := privacy.ClientIP(r, s.trusted)
	if !ip.IsValid() {
		return ""
	}
	today, _, err := s.hasher.Hash(ctx, ip, r.UserAgent())
	if err != nil {
		s.logger(ctx).Warn("visitor hash unavailable", "err", err)
		return ""
	}
	v.ipHash = today
	return today
}

// rateKey names the visitor for the rate limits: its session, else its
// daily hash.
func (s *Server) rateKey(ctx context.Context, v *visitor) string {
	if v.session != nil {
		return "s:" + v.session.ID.String()
	}
	if h := s.hash(ctx, v); h != "" {
		return "h:" + h
	}
	return "anonymous"
}

// visitorKey names the visitor for the interact and token limits: its
// daily keyed hash of address and agent (never the address), so that a new
// session buys nothing. Without a hash every such client shares one key.
func (s *Server) visitorKey(ctx context.Context, v *visitor) string {
	if h := s.hash(ctx, v); h != "" {
		return "h:" + h
	}
	return "anonymous"
}

// startSession creates a session for a tracked visitor without one and
// returns the cookie that carries it ("" when none was created); the token
// also goes back in the X-Visitor-Session header.
func (s *Server) startSession(ctx context.Context, v *visitor) (*http.Cookie, error) {
	if !v.tracked || v.session != nil {
		return nil, nil
	}
	r := state(ctx).r
	in := domain.SessionInput{
		UserAgent: v.agent.Browser + "/" + v.agent.DeviceType, IPHash: s.hash(ctx, v),
		CountryCode: privacy.Country(r, s.cfg.Server.CountryHeader, s.trusted),
		DeviceType:  v.agent.DeviceType, Browser: v.agent.Browser,
	}
	sess, err := s.svc.StartSession(ctx, in)
	if err != nil {
		return nil, err
	}
	v.session = sess
	return &http.Cookie{Name: SessionCookie, Value: sess.SessionToken, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.overTLS(r)}, nil
}

// overTLS reports whether the client reached us over TLS, directly or
// through a trusted proxy that says so.
func (s *Server) overTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	for _, p := range s.trusted {
		if p.Contains(peer.Addr().Unmap()) {
			return strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
		}
	}
	return false
}

// agentCache remembers parsed user agents: visitors send few distinct ones,
// and parsing is a dozen substring searches per request. It keeps at most
// agentCacheMax; past that it starts over.
type agentCache struct {
	mu     sync.Mutex
	agents map[string]privacy.Agent
}

const agentCacheMax = 1024

func (c *agentCache) parse(ua string) privacy.Agent {
	c.mu.Lock()
	defer c.mu.Unlock()
	if a, ok := c.agents[ua]; ok {
		return a
	}
	a := privacy.ParseUserAgent(ua)
	if c.agents == nil || len(c.agents) >= agentCacheMax {
		c.agents = make(map[string]privacy.Agent, 64)
	}
	c.agents[ua] = a
	return a
}
