package domain

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// InteractionBatcher records interactions that arrive together in shared
// transactions (group commit). A commit is the expensive part of a write on
// both engines (the WAL write on SQLite, the fsync on PostgreSQL); sharing it
// lets interactions scale with visitors while each caller still gets its own
// answer only after its interaction is committed.
type InteractionBatcher struct {
	svc      *Service
	queue    chan *pendingInteraction
	maxBatch int
	workers  int
	done     chan struct{}
	logger   *slog.Logger
	batches  atomic.Int64
	items    atomic.Int64
	known    knownTouches // the touches its batches queued, until folded (session_folds.go)
}

// Stats returns how many transactions the batcher committed and how many
// interactions they carried (their ratio is the mean batch size).
func (b *InteractionBatcher) Stats() (batches, items int64) {
	return b.batches.Load(), b.items.Load()
}

// Queued returns how many interactions wait for a transaction.
func (b *InteractionBatcher) Queued() int { return len(b.queue) }

type pendingInteraction struct {
	ctx       context.Context
	token     string
	projectID uuid.UUID
	in        InteractionInput
	reply     chan interactionOutcome
}

type interactionOutcome struct {
	res *InteractionResult
	err error
}

// NewInteractionBatcher makes a batcher that commits up to maxBatch
// interactions per transaction from workers concurrent transactions (serve
// uses one: SQLite has a single writer, and on PostgreSQL concurrent batches
// queue on the same project counters). Call Run to start it.
func (s *Service) NewInteractionBatcher(maxBatch, workers int, logger *slog.Logger) *InteractionBatcher {
	if maxBatch <= 0 {
		maxBatch = 64
	}
	if workers <= 0 {
		workers = 1
	}
	return &InteractionBatcher{svc: s, queue: make(chan *pendingInteraction, maxBatch*4),
		maxBatch: maxBatch, workers: workers, done: make(chan struct{}), logger: logger}
}

// Record validates one interaction, queues it and waits until it is
// committed (or refused). It fails with ErrUnavailable once the batcher has
// stopped.
func (b *InteractionBatcher) Record(ctx context.Context, token string, projectID uuid.UUID, in InteractionInput) (*InteractionResult, error) {
	if err := validateInteraction(in); err != nil {
		return nil, err
	}
	p := &pendingInteraction{ctx: ctx, token: token, projectID: projectID, in: in, reply: make(chan interactionOutcome, 1)}
	select {
	case b.queue <- p:
	case <-b.done:
		return nil, fmt.Errorf("%w: interaction recorder stopped", ErrUnavailable)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case out := <-p.reply:
		return out.res, out.err
	case <-b.done:
		// Run drains the queue before closing done, so a reply is there.
		select {
		case out := <-p.reply:
			return out.res, out.err
		default:
			return nil, fmt.Errorf("%w: interaction recorder stopped", ErrUnavailable)
		}
	}
}

// Run records queued interactions until ctx ends, then finishes what is
// queued. Its first worker also folds the sessions' queued touches, those
// its batches queued every SessionFoldInterval, and all at the end
// (session_folds.go): on
// SQLite the folds then take turns with the batches on the one writer
// instead of queueing behind them. Stop the HTTP server first so nothing
// new arrives.
func (b *InteractionBatcher) Run(ctx context.Context) {
	defer close(b.done)
	var wg sync.WaitGroup
	for i := range b.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.work(ctx, i == 0)
		}()
	}
	wg.Wait()
}

func (b *InteractionBatcher) work(ctx context.Context, folds bool) {
	var tick <-chan time.Time
	if folds {
		t := time.NewTicker(SessionFoldInterval)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case p := <-b.queue:
			b.process(context.WithoutCancel(ctx), b.collect(p))
		case <-tick:
			b.fold(ctx, b.foldQueued)
		case <-ctx.Done():
			for {
				select {
				case p := <-b.queue:
					b.process(context.WithoutCancel(ctx), b.collect(p))
				default:
					if folds {
						b.fold(context.WithoutCancel(ctx), b.svc.FoldSessionTouches)
					}
					return
				}
			}
		}
	}
}

// fold runs one of the folds (on each tick the touches the batches queued,
// all of them at the end). A failure is logged: the touches stay queued for
// the next fold, nothing is lost.
func (b *InteractionBatcher) fold(ctx context.Context, fold func(context.Context) (int, error)) {
	if _, err := fold(ctx); err != nil && ctx.Err() == nil {
		b.logger.Warn("folding session touches failed; they stay queued", "err", err)
	}
}

// collect takes first and whatever else is already waiting, up to maxBatch.
//
// It yields the processor once first: on one core (GOMAXPROCS=1, a 1-vCPU
// container) the writer wakes as soon as one interaction is queued, before
// the handlers already holding requests have run, so without the yield every
// batch held one or two interactions and each paid a whole commit (the WAL
// writes of five b-trees: 31% of serve's CPU in syscalls). Yielding lets
// those handlers queue theirs first. On several cores it costs a scheduler
// call per batch.
func (b *InteractionBatcher) collect(first *pendingInteraction) []*pendingInteraction {
	if len(b.queue) < b.maxBatch {
		runtime.Gosched()
	}
	batch := []*pendingInteraction{first}
	for len(batch) < b.maxBatch {
		select {
		case p := <-b.queue:
			batch = append(batch, p)
		default:
			return batch
		}
	}
	return batch
}

func (b *InteractionBatcher) process(ctx context.Context, batch []*pendingInteraction) {
	b.batches.Add(1)
	b.items.Add(int64(len(batch)))
	outcomes := make([]interactionOutcome, len(batch))
	var queued []QueuedTouch
	err := b.svc.store.Update(ctx, func(inner Tx) error {
		tx := &deferredEvents{Tx: inner}
		items := make([]*interactionItem, 0, len(batch))
		for i, p := range batch {
			outcomes[i] = interactionOutcome{} // a retried transaction starts over
			if err := p.ctx.Err(); err != nil {
				outcomes[i].err = err // the caller left: not recorded, not acknowledged
				continue
			}
			items = append(items, &interactionItem{token: p.token, projectID: p.projectID, in: p.in})
		}
		var err error
		if queued, err = b.svc.recordInteractionsTx(ctx, tx, items); err != nil {
			return err
		}
		next := 0
		for i := range batch {
			if outcomes[i].err == nil {
				outcomes[i] = interactionOutcome{res: items[next].res, err: items[next].err}
				next++
			}
		}
		return tx.flush(ctx)
	})
	if err != nil && len(batch) > 1 {
		// One interaction broke the shared transaction: record each alone so
		// the others still succeed and the culprit gets its own error.
		b.logger.Warn("interaction batch failed; recording one by one", "size", len(batch), "err", err)
		for i, p := range batch {
			res, err := b.svc.RecordInteraction(p.ctx, p.token, p.projectID, p.in)
			outcomes[i] = interactionOutcome{res: res, err: err}
		}
	} else if err != nil {
		outcomes[0] = interactionOutcome{err: err}
	} else {
		b.known.add(queued)
	}
	for i, p := range batch {
		p.reply <- outcomes[i]
	}
}

// deferredEvents holds a batch's events back until its end and writes them
// in one multi-row insert. On PostgreSQL the lock that orders event ids is
// then held only for that insert and the commit, so concurrent batches
// overlap everything else.
type deferredEvents struct {
	Tx
	events []*Event
}

func (d *deferredEvents) InsertEvent(_ context.Context, e *Event) error {
	d.events = append(d.events, e)
	return nil
}

func (d *deferredEvents) flush(ctx context.Context) error {
	return d.Tx.InsertEvents(ctx, d.events)
}
