package realtime

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// ListenPostgres wakes the feed on every NOTIFY on channel, so replicas
// deliver events made by any process within milliseconds. It reconnects
// with backoff when the connection drops, waking the feed after each
// reconnect to catch up on what it may have missed. It returns when ctx ends.
func ListenPostgres(ctx context.Context, dsn, channel string, feed *Feed, logger *slog.Logger) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := listenOnce(ctx, dsn, channel, feed)
		if ctx.Err() != nil {
			return
		}
		logger.Warn("realtime: PostgreSQL listener lost; polling meanwhile", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func listenOnce(ctx context.Context, dsn, channel string, feed *Feed) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	feed.Wake() // catch up on anything committed while we were not listening
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		feed.Wake()
	}
}
