package transport

// Helpers only the tests of this package use: they stay out of the transport's API and its build.

// rateNow reports the rate per minute in force (tests).
func (b *bucket) rateNow() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.current
}

// size reports the number of live entries of a keyedMutex.
func (k *keyedMutex) size() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.m)
}

// refs reports the holders and waiters of key.
func (k *keyedMutex) refs(key string) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	if e := k.m[key]; e != nil {
		return e.refs
	}
	return 0
}
