package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// IOStreams are the command's standard streams. Commands never touch
// os.Stdout directly, so tests swap in buffers and a fake terminal.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// IsTerminal is true when a person sits at both ends: prompts are
	// allowed and tables may use colour.
	IsTerminal bool

	lines *bufio.Reader // In, buffered once so successive prompts share it
}

// System returns the process's streams.
func System() *IOStreams {
	tty := term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd()))
	return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, IsTerminal: tty}
}

// TestBuffers are the buffers behind Test's streams.
type TestBuffers struct {
	In     *bytes.Buffer
	Out    *bytes.Buffer
	ErrOut *bytes.Buffer
}

// Test returns streams over buffers, not a terminal.
func Test() (*IOStreams, *TestBuffers) {
	b := &TestBuffers{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
	return &IOStreams{In: b.In, Out: b.Out, ErrOut: b.ErrOut}, b
}

// Prompt writes question to ErrOut (stdout stays clean for data) and reads
// one line from In, trimmed. End of input is an error: nobody answered.
func (s *IOStreams) Prompt(question string) (string, error) {
	if s.lines == nil {
		s.lines = bufio.NewReader(s.In)
	}
	fmt.Fprint(s.ErrOut, question)
	line, err := s.lines.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return "", fmt.Errorf("reading answer: %w", err)
	}
	return strings.TrimSpace(line), nil
}

// Confirm asks a yes/no question; anything but y or yes is no.
func (s *IOStreams) Confirm(question string) (bool, error) {
	answer, err := s.Prompt(question + " [y/N] ")
	if err != nil {
		return false, err
	}
	answer = strings.ToLower(answer)
	return answer == "y" || answer == "yes", nil
}
