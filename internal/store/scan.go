package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// strList scans a TEXT[] (PostgreSQL array literal) or a JSON array (SQLite)
// into a []string, so query code is the same for both engines.
type strList []string

func (l *strList) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*l = nil
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("scan list: unsupported type %T", src)
	}
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "["):
		var out []string
		if err := json.Unmarshal([]byte(s), &out); err != nil {
			return fmt.Errorf("scan list: %w", err)
		}
		*l = out
		return nil
	case strings.HasPrefix(s, "{"):
		out, err := parsePGArray(s)
		if err != nil {
			return err
		}
		*l = out
		return nil
	}
	return fmt.Errorf("scan list: unrecognised value %q", s)
}

// parsePGArray parses a one-dimensional PostgreSQL array literal such as
// {a,"b,c","d \"e\""}. NULL elements are dropped: our arrays never hold them.
func parsePGArray(s string) ([]string, error) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, fmt.Errorf("scan list: malformed array %q", s)
	}
	body := s[1 : len(s)-1]
	out := []string{}
	if body == "" {
		return out, nil
	}
	var cur strings.Builder
	quoted, inQuotes, escaped := false, false, false
	flush := func() {
		v := cur.String()
		if quoted || v != "NULL" {
			out = append(out, v)
		}
		cur.Reset()
		quoted = false
	}
	for _, r := range body {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			inQuotes = !inQuotes
			quoted = true
		case r == ',' && !inQuotes:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	if inQuotes || escaped {
		return nil, fmt.Errorf("scan list: unterminated element in %q", s)
	}
	flush()
	return out, nil
}

// jsonDocs scans a JSONB[] (PostgreSQL) or a JSON array of documents (SQLite).
type jsonDocs []json.RawMessage

func (d *jsonDocs) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*d = nil
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("scan json list: unsupported type %T", src)
	}
	if strings.HasPrefix(strings.TrimSpace(s), "[") {
		var out []json.RawMessage
		if err := json.Unmarshal([]byte(s), &out); err != nil {
			return fmt.Errorf("scan json list: %w", err)
		}
		*d = out
		return nil
	}
	var elems strList
	if err := elems.Scan(s); err != nil {
		return err
	}
	out := make([]json.RawMessage, len(elems))
	for i, e := range elems {
		out[i] = json.RawMessage(e)
	}
	*d = out
	return nil
}

// jsonDoc scans a JSON/JSONB column into raw bytes (nil for NULL).
type jsonDoc json.RawMessage

func (d *jsonDoc) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = nil
	case string:
		*d = jsonDoc(v)
	case []byte:
		*d = append(jsonDoc(nil), v...)
	default:
		return fmt.Errorf("scan json: unsupported type %T", src)
	}
	return nil
}

// uuidList converts a scanned list of ids.
func uuidList(xs []string) ([]uuid.UUID, error) {
	out := make([]uuid.UUID, 0, len(xs))
	for _, x := range xs {
		id, err := uuid.Parse(x)
		if err != nil {
			return nil, fmt.Errorf("scan uuid list: %w", err)
		}
		out = append(out, id)
	}
	return out, nil
}

func uuidStrings(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.String()
	}
	return out
}

// Small helpers that turn the domain's zero values into SQL NULLs and back.

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullF(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func nullT(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func nullJSON(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

func nullUUID(id *uuid.UUID) any {
	if id == nil {
		return nil
	}
	return id.String()
}

func fPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

func tPtr(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	v := n.Time.UTC()
	return &v
}

// rowScanner is what *sql.Row and *sql.Rows share.
type rowScanner interface{ Scan(dest ...any) error }
