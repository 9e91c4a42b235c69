package config

import (
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// WriteYAML writes c in the key layout of config.example.yaml. It does not
// redact: callers showing a config pass c.Redacted().
//
// The document is built node by node because yaml.Marshal would write
// durations as nanosecond integers, which viper reads back as 10ns.
func (c *Config) WriteYAML(w io.Writer) error {
	doc, err := structNode(reflect.ValueOf(c).Elem())
	if err != nil {
		return err
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("config: writing yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("config: writing yaml: %w", err)
	}
	return nil
}

func structNode(v reflect.Value) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := range v.NumField() {
		value, err := valueNode(v.Field(i))
		if err != nil {
			return nil, err
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Value: v.Type().Field(i).Tag.Get("yaml")}
		n.Content = append(n.Content, key, value)
	}
	return n, nil
}

func valueNode(v reflect.Value) (*yaml.Node, error) {
	if v.Kind() == reflect.Struct {
		return structNode(v)
	}
	var n yaml.Node
	value := v.Interface()
	if d, ok := value.(time.Duration); ok {
		value = formatDuration(d)
	}
	if err := n.Encode(value); err != nil {
		return nil, fmt.Errorf("config: encoding %v: %w", value, err)
	}
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		n.Style = yaml.FlowStyle // "[]" rather than an empty block
	}
	return &n, nil
}

// formatDuration writes 5m and 1h rather than time.Duration's 5m0s and 1h0m0s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
