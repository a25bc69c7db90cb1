package paging

import (
	"container/heap"
	"sync"
)

// fairQueue holds one channel's waiting pages and decides which leaves
// next, so that whenever pages wait, engineers are served fairly:
//
//  1. high urgency before low;
//  2. engineers in turn: one already sent a message in this backlog goes
//     after every engineer not yet sent one (fewer messages first);
//  3. first passes of the policy before repeats, earlier steps first;
//  4. the page waiting longest, then the lowest page id.
//
// An engineer's key is that of their best waiting page. On a bundling
// channel (SMS) the engineer's other waiting pages to the same number leave
// in the same message; shadow copies never bundle. A backlog ends when
// nothing waits; the message counts start again with the next one.
//
// Engineers with perUser messages in flight are not sent more until one
// ends, so one engineer's hanging sends cannot take every slot. Push and
// pop cost O(log n) in the number of waiting engineers and pages; a bundle
// costs its size.
type fairQueue struct {
	mu      sync.Mutex
	bundle  bool
	perUser int
	users   map[int64]*engineerQueue
	byID    map[int64]*queuedPage
	ready   engineerHeap // engineers with waiting pages who may be sent to now
	waiting int
	// signal is poked whenever a page may have become sendable.
	signal chan struct{}
}

type engineerQueue struct {
	user     int64
	lanes    []*lane
	waiting  int
	served   int // messages in this backlog
	inflight int // messages being sent
	best     *queuedPage
	pos      int // index in the ready heap; -1 when out of it
}

// lane is one engineer's pages to one address. On a bundling channel a
// lane of real pages leaves as one message; a single lane (shadow copies,
// or any lane of a channel that does not bundle) sends page by page.
type lane struct {
	address string
	single  bool
	pages   pageHeap
}

type queuedPage struct {
	m    Message
	gone bool // dropped while waiting (its lease was lost)
}

func newFairQueue(bundle bool, perUser int) *fairQueue {
	return &fairQueue{bundle: bundle, perUser: max(perUser, 1), users: map[int64]*engineerQueue{}, byID: map[int64]*queuedPage{},
		signal: make(chan struct{}, 1)}
}

// pageLess orders one engineer's pages: high urgency, first pass, earlier
// step, longest waiting, lowest id.
func pageLess(a, b *Message) bool {
	if a.Urgency != b.Urgency {
		return a.Urgency == High
	}
	if a.Loop != b.Loop {
		return a.Loop < b.Loop
	}
	if a.Step != b.Step {
		return a.Step < b.Step
	}
	if !a.NextAttemptAt.Equal(b.NextAttemptAt) {
		return a.NextAttemptAt.Before(b.NextAttemptAt)
	}
	return a.ID < b.ID
}

// engineerLess orders engineers by the order in fairQueue's comment.
func engineerLess(a, b *engineerQueue) bool {
	x, y := &a.best.m, &b.best.m
	if x.Urgency != y.Urgency {
		return x.Urgency == High
	}
	if a.served != b.served {
		return a.served < b.served
	}
	if pageLess(x, y) || pageLess(y, x) {
		return pageLess(x, y)
	}
	return a.user < b.user
}

func (q *fairQueue) poke() {
	select {
	case q.signal <- struct{}{}:
	default:
	}
}

// push adds a waiting page.
func (q *fairQueue) push(m Message) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, dup := q.byID[m.ID]; dup && m.ID != 0 {
		return // already waiting (handed over and claimed)
	}
	u := q.users[m.UserID]
	if u == nil {
		u = &engineerQueue{user: m.UserID, pos: -1}
		q.users[m.UserID] = u
	}
	single := m.Shadow || !q.bundle
	var l *lane
	for _, c := range u.lanes {
		if c.address == m.Address && c.single == single {
			l = c
			break
		}
	}
	if l == nil {
		l = &lane{address: m.Address, single: single}
		u.lanes = append(u.lanes, l)
	}
	p := &queuedPage{m: m}
	if m.ID != 0 {
		q.byID[m.ID] = p
	}
	heap.Push(&l.pages, p)
	u.waiting++
	q.waiting++
	if u.best == nil || pageLess(&p.m, &u.best.m) {
		u.best = p
	}
	q.place(u)
	q.poke()
}

// place puts u where it belongs in the ready heap, or out of it.
func (q *fairQueue) place(u *engineerQueue) {
	sendable := u.waiting > 0 && u.inflight < q.perUser
	switch {
	case sendable && u.pos >= 0:
		heap.Fix(&q.ready, u.pos)
	case sendable:
		heap.Push(&q.ready, u)
	case u.pos >= 0:
		heap.Remove(&q.ready, u.pos)
	}
}

// refresh recomputes u's best page after pages left it.
func (u *engineerQueue) refresh() {
	u.best = nil
	lanes := u.lanes[:0]
	for _, l := range u.lanes {
		for len(l.pages) > 0 && l.pages[0].gone {
			heap.Pop(&l.pages)
		}
		if len(l.pages) == 0 {
			continue
		}
		lanes = append(lanes, l)
		if u.best == nil || pageLess(&l.pages[0].m, &u.best.m) {
			u.best = l.pages[0]
		}
	}
	clear(u.lanes[len(lanes):])
	u.lanes = lanes
}

// len is how many pages wait.
func (q *fairQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.waiting
}

// sendable reports whether pop would return a page now.
func (q *fairQueue) sendable() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.ready) > 0
}

// pop takes the next message: the best engineer's best page, with their
// other waiting pages to the same number bundled in when the channel
// bundles. The engineer counts one more message in flight until done.
func (q *fairQueue) pop() (Message, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ready) == 0 {
		return Message{}, false
	}
	u := q.ready[0]
	var l *lane
	for _, c := range u.lanes {
		if len(c.pages) > 0 && c.pages[0] == u.best {
			l = c
			break
		}
	}
	p := heap.Pop(&l.pages).(*queuedPage)
	m := p.m
	delete(q.byID, m.ID)
	n := 1
	if !l.single {
		for _, b := range l.pages {
			if !b.gone {
				m.Bundle = append(m.Bundle, b.m)
				delete(q.byID, b.m.ID)
				n++
			}
		}
		l.pages = nil
		// The bundle rides in the best page's message, in page order.
		sortMessages(m.Bundle)
	}
	u.waiting -= n
	q.waiting -= n
	u.served++
	u.inflight++
	u.refresh()
	q.place(u)
	if q.waiting == 0 {
		q.endBacklog()
	}
	return m, true
}

// endBacklog forgets who was served: nothing waits any more.
func (q *fairQueue) endBacklog() {
	for id, u := range q.users {
		u.served = 0
		if u.inflight == 0 {
			delete(q.users, id)
		}
	}
}

// done records that a message to user (popped from q) has been sent or
// has failed.
func (q *fairQueue) done(user int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	u := q.users[user]
	if u == nil {
		return
	}
	u.inflight--
	if u.waiting == 0 && u.inflight <= 0 && q.waiting == 0 {
		delete(q.users, user)
		return
	}
	q.place(u)
	q.poke()
}

// drop removes waiting pages by id (their lease was lost: another process
// may be sending them) and returns the ids it removed.
func (q *fairQueue) drop(ids []int64) []int64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []int64
	for _, id := range ids {
		p := q.byID[id]
		if p == nil {
			continue
		}
		delete(q.byID, id)
		p.gone = true
		out = append(out, id)
		u := q.users[p.m.UserID]
		u.waiting--
		q.waiting--
		u.refresh()
		q.place(u)
	}
	if len(out) > 0 && q.waiting == 0 {
		q.endBacklog()
	}
	return out
}

// drain removes and returns every waiting page.
func (q *fairQueue) drain() []Message {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Message
	for id, u := range q.users {
		for _, l := range u.lanes {
			for _, p := range l.pages {
				if !p.gone {
					out = append(out, p.m)
				}
			}
		}
		if u.inflight == 0 {
			delete(q.users, id)
		} else {
			u.lanes, u.waiting, u.best = nil, 0, nil
		}
	}
	q.ready = q.ready[:0]
	for _, u := range q.users {
		u.pos = -1
	}
	clear(q.byID)
	q.waiting = 0
	sortMessages(out)
	return out
}

func sortMessages(ms []Message) {
	if len(ms) < 2 {
		return
	}
	h := make(pageHeap, len(ms))
	for i := range ms {
		h[i] = &queuedPage{m: ms[i]}
	}
	heap.Init(&h)
	out := make([]Message, 0, len(ms))
	for len(h) > 0 {
		out = append(out, heap.Pop(&h).(*queuedPage).m)
	}
	copy(ms, out)
}

// pageHeap is a binary heap of one lane's pages by pageLess.
type pageHeap []*queuedPage

func (h pageHeap) Len() int           { return len(h) }
func (h pageHeap) Less(i, j int) bool { return pageLess(&h[i].m, &h[j].m) }
func (h pageHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *pageHeap) Push(x any)        { *h = append(*h, x.(*queuedPage)) }
func (h *pageHeap) Pop() any {
	old := *h
	p := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return p
}

// engineerHeap is the ready engineers by engineerLess.
type engineerHeap []*engineerQueue

func (h engineerHeap) Len() int           { return len(h) }
func (h engineerHeap) Less(i, j int) bool { return engineerLess(h[i], h[j]) }
func (h engineerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].pos, h[j].pos = i, j
}
func (h *engineerHeap) Push(x any) {
	u := x.(*engineerQueue)
	u.pos = len(*h)
	*h = append(*h, u)
}
func (h *engineerHeap) Pop() any {
	old := *h
	u := old[len(old)-1]
	old[len(old)-1] = nil
	u.pos = -1
	*h = old[:len(old)-1]
	return u
}
