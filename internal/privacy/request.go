package privacy

import (
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP returns the address of the client that sent r.
//
// It is the peer address (r.RemoteAddr) unless that peer is in trusted (a
// reverse proxy or load balancer); then X-Forwarded-For is read from right to
// left, skipping trusted hops, and the first untrusted entry wins. A client can
// prepend anything to X-Forwarded-For, so entries left of the first untrusted
// one are never believed. If an entry is malformed, or every hop is trusted,
// the last address believed is returned. IPv4-mapped IPv6 addresses are
// unmapped. The zero Addr means RemoteAddr itself could not be parsed.
func ClientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer, ok := parseAddr(r.RemoteAddr)
	if !ok {
		return netip.Addr{}
	}
	if !isTrusted(peer, trusted) {
		return peer
	}
	hops := forwardedFor(r.Header)
	last := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseAddr(hops[i])
		if !ok {
			return last
		}
		if !isTrusted(a, trusted) {
			return a
		}
		last = a
	}
	return last
}

// Country returns the two-letter country code the trusted proxy put in header
// (for example "CF-IPCountry"), upper-cased. It is "" when header is empty,
// when the peer is not a trusted proxy (a client could set the header itself),
// or when the value is not two ASCII letters ("XX" and "T1" included).
func Country(r *http.Request, header string, trusted []netip.Prefix) string {
	if header == "" {
		return ""
	}
	peer, ok := parseAddr(r.RemoteAddr)
	if !ok || !isTrusted(peer, trusted) {
		return ""
	}
	v := strings.ToUpper(strings.TrimSpace(r.Header.Get(header)))
	if len(v) != 2 || !isUpperLetter(v[0]) || !isUpperLetter(v[1]) || v == "XX" {
		return ""
	}
	return v
}

// DoNotTrack reports whether the visitor sent "DNT: 1" or "Sec-GPC: 1".
func DoNotTrack(r *http.Request) bool {
	return strings.TrimSpace(r.Header.Get("DNT")) == "1" ||
		strings.TrimSpace(r.Header.Get("Sec-GPC")) == "1"
}

func isUpperLetter(b byte) bool { return b >= 'A' && b <= 'Z' }

// forwardedFor returns every X-Forwarded-For entry, across repeated headers,
// in order.
func forwardedFor(h http.Header) []string {
	var hops []string
	for _, line := range h.Values("X-Forwarded-For") {
		for _, part := range strings.Split(line, ",") {
			if p := strings.TrimSpace(part); p != "" {
				hops = append(hops, p)
			}
		}
	}
	return hops
}

// parseAddr accepts "ip", "ip:port" and "[ipv6]:port".
func parseAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")); err == nil {
		return a.Unmap(), true
	}
	return netip.Addr{}, false
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
