package store

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

func quote(s string) string { return strconv.Quote(s) }

// compareUUIDs orders ids bytewise, as both engines order a UUID key: rows
// locked in this order cannot deadlock with another batch doing the same.
func compareUUIDs(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) }

// placeholders returns the placeholders of parameters from, from+1, ...,
// n of them, for a statement whose parameters all appear once and in order
// (see dialect.batchParam).
func placeholders(d dialect, from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(d.batchParam(from + i))
	}
	return b.String()
}

// rowsPerInsert bounds a multi-row INSERT well under both engines'
// parameter limits.
const rowsPerInsert = 200

// insertRows runs prefix + "($1,..),(..)" for n rows of cols values each, in
// chunks. The placeholders are generated, never the values (positional on
// SQLite, see dialect.batchParam).
func insertRows(ctx context.Context, t *tx, prefix string, cols, n int, row func(i int) []any) error {
	return insertChunks(t, prefix, "", cols, n, row, func(query string, args []any, _, _ int) error {
		_, err := t.exec(ctx, query, args...)
		return err
	})
}

// insertChunks builds insertRows' statements (prefix, the rows, suffix) and
// hands each to run with its arguments and the rows [start, end) it holds.
func insertChunks(t *tx, prefix, suffix string, cols, n int, row func(i int) []any,
	run func(query string, args []any, start, end int) error) error {
	for start := 0; start < n; start += rowsPerInsert {
		end := min(start+rowsPerInsert, n)
		var b strings.Builder
		b.WriteString(prefix)
		args := make([]any, 0, (end-start)*cols)
		for i := start; i < end; i++ {
			if i > start {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for c := range cols {
				if c > 0 {
					b.WriteByte(',')
				}
				b.WriteString(t.d.batchParam(len(args) + c + 1))
			}
			b.WriteByte(')')
			args = append(args, row(i)...)
		}
		b.WriteString(suffix)
		if err := run(b.String(), args, start, end); err != nil {
			return err
		}
	}
	return nil
}
