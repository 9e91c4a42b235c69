package api

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

type ctxKey struct{}

// TestRequestDeadlineAnswersAsWithTimeout: the request's deadline context
// ends as context.WithTimeout's would, whether or not anything waited on
// it, and makes no timer until something does.
func TestRequestDeadlineAnswersAsWithTimeout(t *testing.T) {
	base := context.WithValue(context.Background(), ctxKey{}, "kept")
	t.Run("nothing waits: no timer, values and deadline pass through", func(t *testing.T) {
		ctx, release := withRequestDeadline(base, time.Hour)
		defer release()
		if d, ok := ctx.Deadline(); !ok || time.Until(d) < 59*time.Minute {
			t.Fatalf("deadline %v %v", d, ok)
		}
		if ctx.Value(ctxKey{}) != "kept" || ctx.Err() != nil {
			t.Fatalf("value %v, err %v", ctx.Value(ctxKey{}), ctx.Err())
		}
		if ctx.(*requestDeadline).made() != nil {
			t.Fatal("a timer was made though nothing waited")
		}
	})
	t.Run("the deadline passes unwatched", func(t *testing.T) {
		ctx, release := withRequestDeadline(base, time.Millisecond)
		defer release()
		time.Sleep(5 * time.Millisecond)
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("err %v, want the deadline's", ctx.Err())
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
			t.Fatal("Done did not close past the deadline")
		}
		release()
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("after release err %v: the deadline came first", ctx.Err())
		}
	})
	t.Run("a waiter sees the deadline, and so do derived contexts", func(t *testing.T) {
		ctx, release := withRequestDeadline(base, 20*time.Millisecond)
		defer release()
		child, cancelChild := context.WithCancel(context.WithValue(ctx, ctxKey{}, "inner"))
		defer cancelChild()
		after := make(chan struct{})
		context.AfterFunc(ctx, func() { close(after) })
		for _, done := range []<-chan struct{}{ctx.Done(), child.Done(), after} {
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				t.Fatal("not ended at the deadline")
			}
		}
		if !errors.Is(child.Err(), context.DeadlineExceeded) || child.Value(ctxKey{}) != "inner" {
			t.Fatalf("child err %v value %v", child.Err(), child.Value(ctxKey{}))
		}
	})
	t.Run("release cancels, before or after a wait", func(t *testing.T) {
		ctx, release := withRequestDeadline(base, time.Hour)
		release()
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Fatalf("err %v, want canceled", ctx.Err())
		}
		select {
		case <-ctx.Done():
		default:
			t.Fatal("Done after release is not closed")
		}
		waited, releaseWaited := withRequestDeadline(base, time.Hour)
		done := waited.Done()
		releaseWaited()
		<-done
		if !errors.Is(waited.Err(), context.Canceled) {
			t.Fatalf("err %v, want canceled", waited.Err())
		}
	})
	t.Run("the parent ends it", func(t *testing.T) {
		parent, cancelParent := context.WithCancel(base)
		ctx, release := withRequestDeadline(parent, time.Hour)
		defer release()
		cancelParent()
		if !errors.Is(ctx.Err(), context.Canceled) {
			t.Fatalf("err %v before a wait", ctx.Err())
		}
		<-ctx.Done()
	})
	t.Run("an earlier parent deadline is the deadline", func(t *testing.T) {
		parent, cancel := context.WithTimeout(base, time.Minute)
		defer cancel()
		ctx, release := withRequestDeadline(parent, time.Hour)
		defer release()
		want, _ := parent.Deadline()
		if got, _ := ctx.Deadline(); !got.Equal(want) {
			t.Fatalf("deadline %v, want the parent's %v", got, want)
		}
	})
	t.Run("concurrent waiters share one timer", func(t *testing.T) {
		ctx, release := withRequestDeadline(base, time.Hour)
		var wg sync.WaitGroup
		chans := make([]<-chan struct{}, 8)
		for i := range chans {
			wg.Go(func() { chans[i] = ctx.Done(); _ = ctx.Err() })
		}
		wg.Wait()
		for _, ch := range chans[1:] {
			if ch != chans[0] {
				t.Fatal("waiters got different Done channels")
			}
		}
		release()
		<-chans[0]
	})
}
