package api

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Document is the OpenAPI document, indented, with a trailing newline. It
// describes the routes of every server alike (configuration changes values,
// not the contract), so it is built from a server with no dependencies:
// nothing is opened and nothing listens.
func Document() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // descriptions keep their "<" and "&" readable
	if err := enc.Encode(New(Deps{}).OpenAPI()); err != nil {
		return nil, fmt.Errorf("encode the OpenAPI document: %w", err)
	}
	return buf.Bytes(), nil
}
