package happyfoxsim

import "sync"

// objectLocks detects concurrent calls on one object. HappyFox does not
// support concurrent calls on the same object; the simulator answers 409
// when a request arrives while another on the same object is in flight and
// at least one of the two is a write. Reads never conflict with reads.
type objectLocks struct {
	mu sync.Mutex
	m  map[string]*objectUse
}

type objectUse struct{ readers, writers int }

func (o *objectLocks) acquire(key string, write bool) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	u := o.m[key]
	if u == nil {
		u = &objectUse{}
		o.m[key] = u
	}
	if u.writers > 0 || (write && u.readers > 0) {
		return false
	}
	if write {
		u.writers++
	} else {
		u.readers++
	}
	return true
}

func (o *objectLocks) release(key string, write bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	u := o.m[key]
	if u == nil {
		return
	}
	if write {
		u.writers--
	} else {
		u.readers--
	}
	if u.readers <= 0 && u.writers <= 0 {
		delete(o.m, key)
	}
}
