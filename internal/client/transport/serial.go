package transport

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// serialTransport runs at most one request at a time per HappyFox object,
// because HappyFox does not support concurrent calls on one object while
// Terraform runs up to 10 operations at once.
//
// The object key is kind + id taken from the path after the base path
// ("/api/1.1/json/"): "contact_group/5/" and
// "contact_group/5/update_contacts/" → "contact_group/5"; "user/7/" →
// "user/7". Collection paths ("users/", "assets/") are not serialized. The
// lock is held until the response body is closed.
type serialTransport struct {
	next     http.RoundTripper
	basePath string
	locks    keyedMutex
}

func newSerialTransport(next http.RoundTripper, basePath string) *serialTransport {
	return &serialTransport{next: next, basePath: basePath, locks: keyedMutex{m: map[string]*keyedEntry{}}}
}

// objectKey returns the serialization key for a URL path, or "" for paths
// that address no single object.
func objectKey(basePath, path string) string {
	rest, ok := strings.CutPrefix(path, basePath)
	if !ok {
		return ""
	}
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	if len(segs) < 2 || segs[0] == "" || segs[1] == "" {
		return ""
	}
	// "asset_custom_fields/45/" and "asset_custom_field/45/" are the same
	// object (§3.6 serves both), so plural kinds are folded to singular.
	kind := strings.TrimSuffix(strings.ToLower(segs[0]), "s")
	// Emails are case-insensitive in practice ("user/<email>/", §2.3).
	return kind + "/" + strings.ToLower(segs[1])
}

func (t *serialTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	key := objectKey(t.basePath, req.URL.Path)
	if key == "" {
		return t.next.RoundTrip(req)
	}
	release, err := t.locks.lock(req.Context(), key)
	if err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, NotSent(fmt.Errorf("waiting for another request on %s to finish: %w", key, err))
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		if ch := abandonedAttempt(err); ch != nil {
			// The last attempt timed out and HappyFox may still be carrying it out: the object stays busy
			// until that exchange has really ended (bounded by the timeout's grace), so that the next request
			// on it, a retry by the caller included, never overlaps it.
			go func() {
				<-ch
				release()
			}()
			return nil, err
		}
		release()
		return nil, err
	}
	resp.Body = &releaseOnClose{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// keyedMutex is a map of per-key locks whose entries are removed as soon as
// nobody holds or waits for them, so it does not grow without bound.
type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*keyedEntry
}

type keyedEntry struct {
	sem  chan struct{} // capacity 1: holding the token = holding the lock
	refs int           // holders + waiters
}

// lock acquires key, or returns ctx's error if ctx ends first. The returned
// release function must be called exactly once.
func (k *keyedMutex) lock(ctx context.Context, key string) (func(), error) {
	k.mu.Lock()
	e := k.m[key]
	if e == nil {
		e = &keyedEntry{sem: make(chan struct{}, 1)}
		k.m[key] = e
	}
	e.refs++
	k.mu.Unlock()

	select {
	case e.sem <- struct{}{}:
	case <-ctx.Done():
		k.unref(key, e)
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-e.sem
			k.unref(key, e)
		})
	}, nil
}

func (k *keyedMutex) unref(key string, e *keyedEntry) {
	k.mu.Lock()
	e.refs--
	if e.refs == 0 {
		delete(k.m, key)
	}
	k.mu.Unlock()
}

type releaseOnClose struct {
	io.ReadCloser
	release func()
}

func (b *releaseOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
