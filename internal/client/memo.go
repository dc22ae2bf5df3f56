package client

import (
	"context"
	"errors"
	"slices"
	"sync"

	"golang.org/x/sync/singleflight"
)

// memo caches reference lists for the lifetime of a Client: they rarely
// change within a Terraform run. Concurrent callers share one fetch
// (singleflight); a failed fetch is not cached.
type memo struct {
	group singleflight.Group
	mu    sync.Mutex
	vals  map[string]any
	gens  map[string]uint64
}

// Memo keys.
const (
	memoCategories         = "categories"
	memoStaff              = "staff"
	memoStatuses           = "statuses"
	memoAssetTypes         = "asset_types"
	memoUserCustomFields   = "user_custom_fields"
	memoTicketCustomFields = "ticket_custom_fields"
)

func memoAssetCustomFields(typeID int64) string { return "asset_custom_fields/" + itoa(typeID) }

func (m *memo) load(key string) (any, uint64, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.vals[key]
	return v, m.gens[key], ok
}

// store caches v unless key was invalidated since gen was read.
func (m *memo) store(key string, gen uint64, v any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gens[key] != gen {
		return
	}
	if m.vals == nil {
		m.vals = map[string]any{}
	}
	m.vals[key] = v
}

// invalidate drops key; a fetch already in flight will not store its result.
func (m *memo) invalidate(key string) {
	m.mu.Lock()
	delete(m.vals, key)
	if m.gens == nil {
		m.gens = map[string]uint64{}
	}
	m.gens[key]++
	m.mu.Unlock()
	m.group.Forget(key)
}

// memoized returns the cached list for key or fetches it once. Callers get
// their own copy of the slice (elements share nested slices; don't modify
// them). When the shared fetch failed only because the context of the
// caller that started it was cancelled, the other callers try again with theirs.
func memoized[T any](ctx context.Context, m *memo, key string, fetch func(context.Context) ([]T, error)) ([]T, error) {
	for tries := 0; ; tries++ {
		v, gen, ok := m.load(key)
		if list, isList := v.([]T); ok && isList {
			return slices.Clone(list), nil
		}
		ch := m.group.DoChan(key, func() (any, error) {
			out, err := fetch(WithPurpose(ctx, ForMetadata))
			if err != nil {
				return nil, err
			}
			m.store(key, gen, out)
			return out, nil
		})
		select {
		case r := <-ch:
			if r.Err != nil {
				if ctx.Err() == nil && tries < 3 && errors.Is(r.Err, context.Canceled) {
					continue
				}
				return nil, r.Err
			}
			list, _ := r.Val.([]T) // fetch returns []T, the only type stored under key
			return slices.Clone(list), nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
