package paging

// Holds reports whether the running dispatcher holds page id (queued or
// being sent). Tests use it to know a claimed page has reached the fair
// queue: the outbox row changes state before the claim's pages are queued.
func (d *Dispatcher) Holds(id int64) bool {
	d.activeMu.Lock()
	r := d.active
	d.activeMu.Unlock()
	if r == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.held[id]
	return ok
}
