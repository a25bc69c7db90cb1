package paging

// deliveryRank orders a provider's delivery statuses (Twilio's names) along
// the life of a message or call; the final outcomes share the top rank.
var deliveryRank = map[string]int{
	// SMS
	"accepted": 1, "scheduled": 1, "queued": 1, "sending": 2, "sent": 3,
	"delivered": 4, "undelivered": 4, "failed": 4, "read": 5,
	// voice
	"initiated": 1, "ringing": 2, "in-progress": 3,
	"completed": 4, "busy": 4, "no-answer": 4, "canceled": 4,
}

// DeliveryAdvances reports whether a status callback saying next moves a
// page on from the delivery status it has (empty when none). Providers
// retry callbacks and deliver them out of order, so a status equal to or
// earlier than the current one is a replay and changes nothing; a status
// Rota does not know is kept only while nothing better is.
func DeliveryAdvances(current, next string) bool {
	if next == "" || next == current {
		return false
	}
	cur := -1
	if current != "" {
		cur = deliveryRank[current]
	}
	return deliveryRank[next] > cur
}
