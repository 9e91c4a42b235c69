package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors the store returns (wrapped) so the domain can recognise them
// without importing any driver. Adapters should match the typed errors below.
var (
	// ErrNotFound means the row asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a unique constraint would be violated.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable means the database (or another backing service) cannot be reached.
	ErrUnavailable = errors.New("unavailable")
)

// NotFoundError says which thing is missing.
type NotFoundError struct {
	Kind string // "project", "skill", ...
	Key  string // the id or name asked for
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %q not found", e.Kind, e.Key) }

// Is lets errors.Is(err, ErrNotFound) match a NotFoundError.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// ConflictError says what already exists.
type ConflictError struct {
	Kind   string
	Detail string
}

func (e *ConflictError) Error() string { return fmt.Sprintf("%s conflict: %s", e.Kind, e.Detail) }

// Is lets errors.Is(err, ErrConflict) match a ConflictError.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// FieldError is one invalid input field.
type FieldError struct {
	Field   string
	Message string
	Allowed []string
}

func (f FieldError) String() string {
	if len(f.Allowed) > 0 {
		return fmt.Sprintf("%s: %s (allowed: %s)", f.Field, f.Message, strings.Join(f.Allowed, ", "))
	}
	return fmt.Sprintf("%s: %s", f.Field, f.Message)
}

// ValidationError collects every invalid field of one input, so a caller can
// fix them all at once.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.String()
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// InvalidFields names the invalid fields of err, a ValidationError (nil
// when err is not one).
func InvalidFields(err error) []string {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	out := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		out[i] = f.Field
	}
	return out
}

// Validator accumulates field errors while checking an input (the domain's
// and internal/analytics'), so the caller gets every invalid field at once.
type Validator struct{ fields []FieldError }

// Add records an invalid field.
func (v *Validator) Add(field, msg string, allowed ...string) {
	v.fields = append(v.fields, FieldError{Field: field, Message: msg, Allowed: allowed})
}

// OneOf checks value is one of allowed.
func (v *Validator) OneOf(field, value string, allowed []string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	v.Add(field, fmt.Sprintf("%q is not a valid value", value), allowed...)
}

// Length checks value has between minLen and maxLen characters.
func (v *Validator) Length(field, value string, minLen, maxLen int) {
	n := len([]rune(value))
	switch {
	case n < minLen && minLen == 1:
		v.Add(field, "is required")
	case n < minLen:
		v.Add(field, fmt.Sprintf("must be at least %d characters", minLen))
	case n > maxLen:
		v.Add(field, fmt.Sprintf("must be at most %d characters", maxLen))
	}
}

// RangeF checks lo <= value <= hi (and not NaN).
func (v *Validator) RangeF(field string, value, lo, hi float64) {
	if value < lo || value > hi || value != value { // value != value catches NaN
		v.Add(field, fmt.Sprintf("must be between %g and %g", lo, hi))
	}
}

// Err returns the invalid fields sorted by name as one ValidationError, or nil.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	sort.SliceStable(v.fields, func(i, j int) bool { return v.fields[i].Field < v.fields[j].Field })
	return &ValidationError{Fields: v.fields}
}

// Invalid builds a ValidationError for a single field; adapters use it for
// input they decode themselves (flags, query parameters).
func Invalid(field, msg string, allowed ...string) error {
	return &ValidationError{Fields: []FieldError{{Field: field, Message: msg, Allowed: allowed}}}
}
