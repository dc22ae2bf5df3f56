package transport

import (
	"context"
	"time"
)

// Clock abstracts time, so that the retry and limit layers (and the client's own waits) can be tested without
// waiting.
type Clock struct {
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// Timer, when set, starts a timer that can be stopped; the shared requests' fill wait (internal/client/coalesce)
	// waits with it for more callers. Test clocks leave it nil: a shared request is then sent without waiting for
	// callers still to come.
	Timer func(d time.Duration) (<-chan time.Time, func() bool)
}

// RealClock is the clock of the real world.
var RealClock = Clock{Now: time.Now, Sleep: sleepCtx, Timer: func(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}}

// sleepCtx waits for d or until ctx is done, whichever comes first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
