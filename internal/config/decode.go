package config

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/cast"
	"github.com/spf13/viper"
)

// decodeHook replaces viper's default hooks so that list values from the
// environment ("https://a, https://b") are trimmed, and a YAML boolean
// stays "true"/"false" in a string field (weak decoding would make it "1").
func decodeHook() mapstructure.DecodeHookFunc {
	return mapstructure.ComposeDecodeHookFunc(
		mapstructure.StringToTimeDurationHookFunc(),
		splitListHook,
		boolToStringHook,
	)
}

func splitListHook(from, to reflect.Type, data any) (any, error) {
	if from.Kind() != reflect.String || to != reflect.TypeFor[[]string]() {
		return data, nil
	}
	return splitList(data.(string)), nil
}

// splitList splits a comma-separated list, dropping blanks so that a
// trailing comma or an empty variable means "no entries".
func splitList(s string) []string {
	out := []string{}
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func boolToStringHook(from, to reflect.Type, data any) (any, error) {
	if from.Kind() != reflect.Bool || to.Kind() != reflect.String {
		return data, nil
	}
	return strconv.FormatBool(data.(bool)), nil
}

// checkKnownKeys rejects keys in the file that greenhouse does not read,
// so a typo such as "databse.url" fails loudly instead of being ignored.
func checkKnownKeys(v *viper.Viper) error {
	known := Keys()
	for _, key := range v.AllKeys() {
		if !v.InConfig(key) || slices.Contains(known, key) {
			continue
		}
		if why := removedKey(key); why != "" {
			return fmt.Errorf("config: %s: %q was removed: %s; delete it",
				describeFile(v.ConfigFileUsed()), key, why)
		}
		if isSection(known, key) {
			return fmt.Errorf("config: %s: %q is a section; put its keys under it as in config.example.yaml",
				describeFile(v.ConfigFileUsed()), key)
		}
		return fmt.Errorf("config: %s: unknown key %q; the known keys are listed in config.example.yaml",
			describeFile(v.ConfigFileUsed()), key)
	}
	return nil
}

// removedKey says why a key greenhouse once accepted is gone ("" for any
// other key), so that a file written for an older version fails with a
// reason instead of "unknown key".
func removedKey(key string) string {
	switch key {
	case "performance.cache_ttl":
		return "it was read by nothing; each cached view has its own TTL under cache (garden_ttl, dashboard_ttl, ...)"
	}
	return ""
}

// isSection reports whether key is a parent of known keys, such as "log".
func isSection(known []string, key string) bool {
	return slices.ContainsFunc(known, func(k string) bool { return strings.HasPrefix(k, key+".") })
}

// checkTypes turns a value that cannot be decoded into a *KeyError naming
// its key; mapstructure would report every failure in one multi-line error,
// and would silently read a bare YAML number as a duration in nanoseconds.
func checkTypes(v *viper.Viper) error {
	for _, f := range fields(reflect.ValueOf(Default()).Elem(), "") {
		raw := v.Get(f.key)
		if hint := typeMismatch(f.value.Interface(), raw); hint != "" {
			return newKeyError(f.key, fmt.Sprint(raw), hint)
		}
	}
	return nil
}

// typeMismatch returns what is expected when raw cannot become the type of
// def, or "" when it can.
func typeMismatch(def, raw any) string {
	switch def.(type) {
	case time.Duration:
		return unless(isDuration(raw), "a duration with a unit, such as 10s, 5m or 1h")
	case bool:
		_, err := cast.ToBoolE(raw)
		return unless(err == nil, "true or false")
	case int, int64:
		return unless(isInteger(raw), "a whole number")
	case float64:
		_, err := cast.ToFloat64E(raw)
		return unless(err == nil, "a number")
	case []string:
		return unless(isList(raw), "a list, or in the environment a comma-separated string")
	case string:
		return unless(isScalar(raw), "a single value, not a list or a map")
	}
	return ""
}

func unless(ok bool, hint string) string {
	if ok {
		return ""
	}
	return hint
}

func isDuration(raw any) bool {
	switch r := raw.(type) {
	case time.Duration:
		return true
	case string:
		_, err := time.ParseDuration(r)
		return err == nil
	}
	return false
}

func isInteger(raw any) bool {
	if f, ok := raw.(float64); ok && f != math.Trunc(f) {
		return false
	}
	_, err := cast.ToInt64E(raw)
	return err == nil
}

func isList(raw any) bool {
	switch r := raw.(type) {
	case string, []string:
		return true
	case []any:
		for _, item := range r {
			if !isScalar(item) {
				return false
			}
		}
		return true
	}
	return false
}

func isScalar(raw any) bool {
	if raw == nil {
		return false
	}
	switch reflect.TypeOf(raw).Kind() {
	case reflect.Map, reflect.Slice, reflect.Array, reflect.Struct:
		return false
	}
	return true
}
