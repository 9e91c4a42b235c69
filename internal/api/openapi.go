package api

import (
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/pkg/api"
)

// The document's contact and licence point at the project's home: each site
// runs its own greenhouse, the contract is the project's.
const (
	projectURL   = "https://github.com/greenhouse-garden/greenhouse"
	licenseName  = "See the greenhouse repository"
	schemaPrefix = "#/components/schemas/"
)

// finishDocument makes the generated OpenAPI document strict and complete
// where reflection over the Go types cannot: enums from the domain's
// vocabularies, arrays that are never null, every status each route sends
// with its headers, the WebSocket events, and the document's own metadata.
// It runs once, after every route is registered.
func (s *Server) finishDocument() {
	doc := s.api.OpenAPI()
	doc.Info.Contact = &huma.Contact{Name: "greenhouse", URL: projectURL}
	doc.Info.License = &huma.License{Name: licenseName, URL: projectURL}
	// Relative: each site serves its own garden (http://localhost:8080 by
	// default), and the document is served by the server it describes.
	doc.Servers = []*huma.Server{{URL: "/", Description: "The greenhouse server serving this document"}}
	registry := doc.Components.Schemas
	documentWebSocket(doc, registry)
	vocab := vocabularies()
	for name, schema := range registry.Map() {
		strictSchema(name, schema, vocab)
	}
	strictErrorModel(registry.Map()["ErrorModel"])
	nullableRefs(registry.Map())
	for _, item := range doc.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Delete, item.Patch} {
			if op == nil {
				continue
			}
			publicSecurity(op)
			for _, p := range op.Parameters {
				if p.Schema != nil {
					setVocabulary(op.OperationID+" "+p.Name, p.Schema, vocab[p.Name])
				}
			}
			declareResponses(op, registry)
		}
	}
}

// nullableRefs marks the properties that hold an object or null (a Go
// pointer to a struct), listed by schema and property. huma refers to the
// object's schema and cannot mark a reference nullable, so the property
// becomes "that object, or null".
func nullableRefs(schemas map[string]*huma.Schema) {
	nullableObjects := map[string][]string{"ProjectDetail": {"summary"}, "SyncStatus": {"latest_run"}}
	for name, props := range nullableObjects {
		for _, prop := range props {
			p := schemas[name].Properties[prop]
			if p == nil || p.Ref == "" {
				panic("api: " + name + "." + prop + " is not an object reference")
			}
			p.OneOf = []*huma.Schema{{Ref: p.Ref}, {Type: "null"}}
			p.Ref = ""
		}
	}
}

// publicSecurity marks the operations that need no credentials with
// `security: []`. One that reads an optional Authorization header (planting:
// a visitor, or the owner with a token) says so as security instead.
func publicSecurity(op *huma.Operation) {
	if op.Security != nil {
		return
	}
	op.Security = []map[string][]string{}
	for i, p := range op.Parameters {
		if p.In == "header" && p.Name == "Authorization" {
			op.Security = []map[string][]string{{}, {"bearer": {}}}
			op.Parameters = slices.Delete(op.Parameters, i, i+1)
			return
		}
	}
}

// vocabularies maps a property (or parameter) name, or "Schema.property"
// where one name means different things, to the domain vocabulary its
// values come from: the enums have one source, internal/domain/vocab.go.
// A nil entry marks a property that is free text although its name is in
// the map.
func vocabularies() map[string][]string {
	stages := domain.GrowthStages
	return map[string][]string{
		"SkillUnlockData.reason": {domain.UnlockAdded, domain.UnlockLevelUp, domain.UnlockFirstUse},
		"plant_type":             domain.PlantTypes, "visibility": domain.Visibilities,
		"growth_stage": stages, "previous_stage": stages, "new_stage": stages,
		"stage_at_start": stages, "stage_at_end": stages,
		"origin": domain.Origins, "moderation": domain.ModerationStates,
		"weather_type": domain.WeatherTypes, "time_of_day": domain.TimesOfDay, "season": domain.Seasons,
		"source": domain.WeatherSources, "category": domain.SkillCategories,
		"connection_type": domain.ConnectionTypes, "interaction_type": domain.InteractionTypes,
		"device_type": domain.DeviceTypes, "Event.event_type": domain.EventTypes,
		"Project.status": domain.ProjectStatuses, "ProjectCreate.status": domain.ProjectStatuses,
		"ProjectUpdate.status": domain.ProjectStatuses,
		// An untracked visitor's (Do-Not-Track, bot) session is empty.
		"SessionState.device_type": nil,
	}
}

// strictSchema makes one component schema strict: arrays are never null
// (the server sends [] for an empty list; omitempty ones are left out) and
// enum-like strings carry their vocabulary.
func strictSchema(name string, schema *huma.Schema, vocab map[string][]string) {
	for prop, ps := range schema.Properties {
		values, ok := vocab[name+"."+prop]
		if !ok {
			values = vocab[prop]
		}
		if ps.Type == huma.TypeArray {
			ps.Nullable = false
			if ps.Items != nil && ps.Items.Ref == "" {
				setVocabulary(name+"."+prop, ps.Items, values)
			}
		}
		setVocabulary(name+"."+prop, ps, values)
		ps.PrecomputeMessages()
	}
}

// setVocabulary gives a string schema its vocabulary as enum. A narrower
// enum already declared (an update that only approves or rejects) stays,
// provided it lies within the vocabulary: anything else is a programming
// error, caught when the server is built.
func setVocabulary(where string, s *huma.Schema, values []string) {
	if values == nil || s.Type != huma.TypeString {
		return
	}
	if len(s.Enum) > 0 {
		for _, v := range s.Enum {
			if str, _ := v.(string); !slices.Contains(values, str) {
				panic(fmt.Sprintf("openapi: %s: enum value %v is not in the domain's vocabulary %v", where, v, values))
			}
		}
		return
	}
	s.Enum = make([]any, len(values))
	for i, v := range values {
		s.Enum[i] = v
	}
	s.PrecomputeMessages()
}

// strictErrorModel describes the problem documents this server writes: status
// and title always, type never (RFC 9457: absent means "about:blank"; huma's
// default made generators type it as always present).
func strictErrorModel(s *huma.Schema) {
	if t := s.Properties["type"]; t != nil {
		t.Default = nil
		t.Description = "A URI reference to documentation for the problem type; absent means \"about:blank\""
	}
	s.Required = []string{"status", "title"}
	s.PrecomputeMessages()
}

// Response headers of the documented statuses.
func headerSchema(t, description string) *huma.Param {
	return &huma.Param{Description: description, Schema: &huma.Schema{Type: t}}
}

func rateLimitHeaders() map[string]*huma.Param {
	return map[string]*huma.Param{
		"X-RateLimit-Limit":     headerSchema(huma.TypeInteger, "Requests allowed in the rule's window"),
		"X-RateLimit-Remaining": headerSchema(huma.TypeInteger, "Requests left in the current window"),
		"X-RateLimit-Reset":     headerSchema(huma.TypeInteger, "When the window ends (Unix seconds)"),
	}
}

// declareResponses lists every status an operation sends: the ones its
// route declared (routes.go) plus those every operation of its kind sends,
// each with its headers. Statuses below 400 that a route declared are
// successes or 304, not problems: they are rewritten here.
func declareResponses(op *huma.Operation, registry huma.Registry) {
	problem := registry.Schema(reflect.TypeFor[huma.ErrorModel](), true, "")
	statuses := map[int]bool{http.StatusInternalServerError: true}
	// Only liveness and metrics touch neither the database nor the cache.
	if op.OperationID != "healthz" && op.OperationID != "metrics" {
		statuses[http.StatusServiceUnavailable] = true
	}
	if op.RequestBody != nil {
		statuses[http.StatusBadRequest], statuses[http.StatusRequestEntityTooLarge] = true, true
		if op.RequestBody.Content["application/json"] != nil {
			statuses[http.StatusUnsupportedMediaType], statuses[http.StatusUnprocessableEntity] = true, true
		}
	}
	for _, p := range op.Parameters {
		if p.In == "path" || p.In == "query" {
			statuses[http.StatusUnprocessableEntity] = true
		}
	}
	for _, code := range op.Errors {
		statuses[code] = true
	}
	delete(op.Responses, "default")
	success := op.Responses[strconv.Itoa(op.DefaultStatus)]
	for _, code := range slices.Sorted(maps.Keys(statuses)) {
		key := strconv.Itoa(code)
		switch {
		case code == http.StatusNotModified:
			op.Responses[key] = &huma.Response{
				Description: "Not Modified: the If-None-Match ETag is current; no body",
				Headers:     map[string]*huma.Param{"ETag": headerSchema(huma.TypeString, "The current ETag")},
			}
		case code < 400:
			r := *success
			r.Description = http.StatusText(code)
			op.Responses[key] = &r
		default:
			op.Responses[key] = problemResponse(code, problem)
		}
	}
	if statuses[http.StatusTooManyRequests] {
		for key, r := range op.Responses {
			if strings.HasPrefix(key, "2") {
				r.Headers = withHeaders(r.Headers, rateLimitHeaders())
			}
		}
	}
}

func problemResponse(code int, problem *huma.Schema) *huma.Response {
	r := &huma.Response{
		Description: http.StatusText(code),
		Content:     map[string]*huma.MediaType{"application/problem+json": {Schema: problem}},
	}
	switch code {
	case http.StatusUnauthorized:
		r.Description = "Unauthorized: the credentials are missing or not valid"
		r.Headers = map[string]*huma.Param{
			"WWW-Authenticate": headerSchema(huma.TypeString, `Bearer realm="greenhouse" (admin routes)`),
		}
	case http.StatusTooManyRequests:
		r.Description = "Too Many Requests: over the route's rate limit (docs/operations.md)"
		r.Headers = withHeaders(rateLimitHeaders(), map[string]*huma.Param{
			"Retry-After": headerSchema(huma.TypeInteger, "Seconds to wait before retrying"),
		})
	case http.StatusServiceUnavailable:
		r.Description = "Service Unavailable: the database (or Redis) does not answer; retry shortly"
	}
	return r
}

func withHeaders(dst, src map[string]*huma.Param) map[string]*huma.Param {
	if dst == nil {
		dst = map[string]*huma.Param{}
	}
	maps.Copy(dst, src)
	return dst
}

// socketEvents are the messages /ws/garden sends, by event_type, with the Go
// type of their data.
func socketEvents() []struct {
	eventType string
	data      reflect.Type
} {
	return []struct {
		eventType string
		data      reflect.Type
	}{
		{domain.EventProjectGrowth, reflect.TypeFor[api.ProjectGrowthData]()},
		{domain.EventWeatherChange, reflect.TypeFor[api.WeatherChangeData]()},
		{domain.EventVisitorInteraction, reflect.TypeFor[api.VisitorInteractionData]()},
		{domain.EventSkillUnlock, reflect.TypeFor[api.SkillUnlockData]()},
		{domain.EventSeedPlanted, reflect.TypeFor[api.SeedPlantedData]()},
		{domain.EventSystemUpdate, reflect.TypeFor[api.SystemUpdateData]()},
		{domain.EventResync, reflect.TypeFor[api.ResyncData]()},
	}
}

// eventSchemaName is "ProjectGrowthEvent" for project_growth.
func eventSchemaName(eventType string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(eventType, "_") {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String() + "Event"
}

// documentWebSocket adds a schema per /ws/garden message, their union
// GardenEvent discriminated by event_type, and the /ws/garden operation
// (an upgrade, documented so that generators emit the event types; the
// protocol is docs/realtime.md).
func documentWebSocket(doc *huma.OpenAPI, registry huma.Registry) {
	schemas := registry.Map()
	union := &huma.Schema{
		Description:   "A message of /ws/garden (one JSON text frame); event_type says which",
		Discriminator: &huma.Discriminator{PropertyName: "event_type", Mapping: map[string]string{}},
	}
	names := make([]string, 0, len(socketEvents()))
	for _, e := range socketEvents() {
		name := eventSchemaName(e.eventType)
		schemas[name] = &huma.Schema{
			Type:                 huma.TypeObject,
			Description:          "The " + e.eventType + " message of /ws/garden",
			AdditionalProperties: false,
			Required:             []string{"id", "event_type", "timestamp", "data"},
			Properties: map[string]*huma.Schema{
				"id":         {Type: huma.TypeInteger, Format: "int64", Description: "Increasing; resume with ?since=<id>"},
				"event_type": {Type: huma.TypeString, Enum: []any{e.eventType}},
				"timestamp":  {Type: huma.TypeString, Format: "date-time"},
				"data":       registry.Schema(e.data, true, ""),
			},
		}
		ref := schemaPrefix + name
		union.OneOf = append(union.OneOf, &huma.Schema{Ref: ref})
		union.Discriminator.Mapping[e.eventType] = ref
		names = append(names, e.eventType)
	}
	schemas["GardenEvent"] = union

	types := &huma.Schema{Type: huma.TypeString, Description: "Comma-separated event types to keep: " +
		strings.Join(domain.EventTypes, ", ")}
	problem := registry.Schema(reflect.TypeFor[huma.ErrorModel](), true, "")
	unavailable := problemResponse(http.StatusServiceUnavailable, problem)
	unavailable.Description = "Service Unavailable: the server holds realtime.max_connections sockets"
	unavailable.Headers = map[string]*huma.Param{"Retry-After": headerSchema(huma.TypeInteger, "Seconds to wait")}
	refused := problemResponse(http.StatusForbidden, problem)
	refused.Description = "Forbidden: the Origin is not one of server.cors_origins"
	doc.AddOperation(&huma.Operation{
		OperationID: "garden-events", Method: http.MethodGet, Path: "/ws/garden", Tags: []string{"garden"},
		Summary: "Live garden events (WebSocket)",
		Description: "A WebSocket upgrade. Each text frame is one GardenEvent (#/components/schemas/GardenEvent), " +
			"discriminated by event_type (" + strings.Join(names, ", ") + "). Resume with ?since=<last id>; " +
			"a resync message says to reload /api/v1/garden. See docs/realtime.md.",
		Security: []map[string][]string{},
		Parameters: []*huma.Param{
			{Name: "since", In: "query", Description: "The id of the last event received: replay what came after it",
				Schema: &huma.Schema{Type: huma.TypeInteger, Format: "int64", Minimum: new(float64)}},
			{Name: "types", In: "query", Description: types.Description, Schema: types},
			{Name: "project_id", In: "query", Description: "Only this project's events (plus those of no project)",
				Schema: &huma.Schema{Type: huma.TypeString, Format: "uuid"}},
		},
		Responses: map[string]*huma.Response{
			"101": {Description: "Switching Protocols: the socket is open and sends GardenEvent messages"},
			"400": {Description: "Bad Request: not a WebSocket handshake"},
			"403": refused,
			"422": problemResponse(http.StatusUnprocessableEntity, problem),
			"503": unavailable,
		},
		Extensions: map[string]any{"x-websocket-message": map[string]any{"$ref": schemaPrefix + "GardenEvent"}},
	})
}
