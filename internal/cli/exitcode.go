package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"github.com/greenhouse-garden/greenhouse/internal/domain"
	"github.com/greenhouse-garden/greenhouse/internal/store"
)

// Exit codes, documented in the root command's help.
const (
	ExitOK       = 0
	ExitFailure  = 1
	ExitUsage    = 2 // bad flags or arguments, invalid input, bad configuration
	ExitNotFound = 3
	ExitConflict = 4
)

// exitCodesHelp is appended to the root command's long help.
const exitCodesHelp = `Exit codes:
  0  success
  1  failure
  2  usage or configuration error (bad flags, invalid input, bad config, schema behind)
  3  not found
  4  conflict (the name is taken, or shared by several items)`

// UsageError is a mistake in how the command was called. Cobra's own flag
// and argument errors are turned into it too.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// ConfigError is configuration that cannot be loaded or used (config.Error,
// which internal/app returns too).
type ConfigError = config.Error

// usageErrorf builds a UsageError.
func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// ExitCode maps an error to the process exit code. It is the only place that
// decides, so every command reports the same failure the same way.
func ExitCode(err error) int {
	var (
		usage      *UsageError
		configErr  *ConfigError
		noGarden   *NoGardenError
		validation *domain.ValidationError
		keyErr     *config.KeyError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &usage), errors.As(err, &validation), errors.As(err, &keyErr), errors.As(err, &configErr),
		errors.As(err, &noGarden),
		errors.Is(err, store.ErrSchemaBehind):
		return ExitUsage
	case errors.Is(err, domain.ErrNotFound):
		return ExitNotFound
	case errors.Is(err, domain.ErrConflict):
		return ExitConflict
	}
	return ExitFailure
}

// errorLine renders err as the single line printed to stderr.
func errorLine(err error) string {
	msg := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
	return "error: " + msg
}
