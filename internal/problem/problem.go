// Package problem is how greenhouse answers an error: an RFC 9457 problem
// document (huma's ErrorModel, the schema the OpenAPI document names), built
// here and written either by huma (an operation's error) or by Write (the
// direct garden route, Gin's own refusals, the WebSocket upgrade), which
// encodes it exactly as huma does. The adapters (api, realtime) share it
// without importing each other.
package problem

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
)

// ContentType is the media type of every problem document.
const ContentType = "application/problem+json"

// CORSKey is the configuration key that lists the browser origins allowed
// to call the API and open /ws/garden.
const CORSKey = "server.cors_origins"

// New is the problem for status, titled with its standard text, with a
// detail meant for the caller.
func New(status int, detail string) *huma.ErrorModel {
	return &huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: detail}
}

// Invalid is the 422 for a validation error: one entry per field, located
// by locate ("since" → "query.since", "name" → "body.seed_data.name") as
// huma locates its own validation errors.
func Invalid(v *domain.ValidationError, locate func(field string) string) *huma.ErrorModel {
	p := New(http.StatusUnprocessableEntity, "validation failed")
	for _, f := range v.Fields {
		d := &huma.ErrorDetail{Message: f.Message, Location: locate(f.Field)}
		if len(f.Allowed) > 0 {
			d.Message += " (allowed: " + strings.Join(f.Allowed, ", ") + ")"
		}
		p.Errors = append(p.Errors, d)
	}
	return p
}

// OriginRefused is the 403 for a browser origin that is not configured,
// saying which setting lets it in.
func OriginRefused(origin, what string) *huma.ErrorModel {
	return New(http.StatusForbidden, "origin "+origin+" may not "+what+": add it to "+CORSKey+
		" (GREENHOUSE_SERVER_CORS_ORIGINS) if it is your frontend")
}

// Write answers err outside huma as huma answers an operation's error: the
// headers of a huma.HeadersError, then the problem as problem+json (a 304
// has no body). An error that is not a huma.StatusError carries nothing the
// caller may see: it is answered with a bare 500.
func Write(w http.ResponseWriter, err error) {
	var withHeaders huma.HeadersError
	if errors.As(err, &withHeaders) {
		for k, vs := range withHeaders.GetHeaders() {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
	}
	var se huma.StatusError
	if !errors.As(err, &se) {
		se = New(http.StatusInternalServerError, "internal error")
	}
	if se.GetStatus() == http.StatusNotModified {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", ContentType)
	w.WriteHeader(se.GetStatus())
	// huma.DefaultJSONFormat's encoding, so both writers give the same bytes.
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(se)
}
