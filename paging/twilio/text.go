package twilio

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/rotaoncall/rota/paging"
)

// An SMS body is kept within two segments: 2 × 153 GSM-7 septets, or
// 2 × 67 UCS-2 code units when the text needs characters GSM-7 lacks.
const (
	gsmBudget  = 2 * 153
	ucs2Budget = 2 * 67
)

const shadowPrefix = "Rota SHADOW COPY (no action needed): "

// SMSBody words a page as an SMS of at most two segments, in GSM-7 when the
// text allows (typographic quotes, dashes and accents are folded), cutting
// alert summaries to fit:
//
//	Rota: checkout - card authorisations failing (high). Reply 4a to ack, 4r to resolve. https://rota.example.com/alerts/123
//	Rota SHADOW COPY (no action needed): checkout - card authorisations failing (high). https://rota.example.com/alerts/123
//	Rota: 3 alerts for checkout: 4 card authorisations failing; 5 DB replica lag; 6 disk full. Reply 4a, 5a... to ack one, "ack all" to ack all. https://rota.example.com/alerts
func SMSBody(m paging.Message) string {
	if len(m.Bundle) > 0 {
		return bundleBody(m)
	}
	prefix := "Rota: "
	if m.Shadow {
		prefix = shadowPrefix
	}
	svc := oneLine(m.ServiceName)
	summary := strings.TrimRight(oneLine(m.Alert.Summary), ". ")
	if summary == "" {
		summary = fmt.Sprintf("alert %d", m.AlertID)
	}
	urg := ""
	if u := urgencyOf(m); u != "" {
		urg = " (" + string(u) + ")"
	}
	var replies []string
	if m.ReplyCode != "" && !m.Shadow {
		replies = []string{
			fmt.Sprintf(" Reply %sa to ack, %sr to resolve.", m.ReplyCode, m.ReplyCode),
			fmt.Sprintf(" Reply %sa to ack.", m.ReplyCode),
		}
	}
	link := ""
	if m.Link != "" {
		link = " " + m.Link
	}
	e := prepare(&svc, &summary, &link)
	// The reply code and the link always go in; the service and the
	// summary share what room is left.
	reply, room := e.choose(replies, prefix+urg+"."+link, minSummary)
	if svc != "" {
		if r := min(40, room/3); r >= 6 {
			svc = e.clip(svc, r) + " - "
		} else {
			svc = ""
		}
	}
	room -= e.units(svc)
	return e.clip(prefix+svc+e.clip(summary, room)+urg+"."+reply+link, e.budget)
}

// minSummary is the least room worth giving an alert's summary.
const minSummary = 24

// choose returns the first (longest) reply that leaves at least want units
// beside fixed, else the shortest, with the room it leaves.
func (e encoding) choose(replies []string, fixed string, want int) (string, int) {
	reply := ""
	for _, r := range replies {
		reply = r
		if e.budget-e.units(fixed+r) >= want {
			break
		}
	}
	return reply, e.budget - e.units(fixed+reply)
}

func bundleBody(m paging.Message) string {
	items := append([]paging.Message{m}, m.Bundle...)
	shadow := true
	var services, codes []string
	seen := map[string]bool{}
	for _, it := range items {
		shadow = shadow && it.Shadow
		if s := oneLine(it.ServiceName); s != "" && !seen[s] {
			seen[s] = true
			services = append(services, s)
		}
		if it.ReplyCode != "" && !it.Shadow {
			codes = append(codes, it.ReplyCode)
		}
	}
	prefix := "Rota: "
	if shadow {
		prefix = shadowPrefix
	}
	var replies []string
	switch len(codes) {
	case 0:
	case 1:
		replies = []string{fmt.Sprintf(" Reply %sa to ack.", codes[0])}
	case 2:
		replies = []string{fmt.Sprintf(` Reply %sa, %sa to ack one, "ack all" to ack all.`, codes[0], codes[1])}
	default:
		replies = []string{fmt.Sprintf(` Reply %sa, %sa... to ack one, "ack all" to ack all.`, codes[0], codes[1])}
	}
	if len(codes) > 1 {
		replies = append(replies, fmt.Sprintf(` Reply %sa or "ack all".`, codes[0]))
	}
	link := ""
	if l := alertsLink(m.Link); l != "" {
		link = " " + l
	}
	summaries := make([]string, len(items))
	keys := make([]string, len(items))
	for i, it := range items {
		summaries[i] = strings.TrimRight(oneLine(it.Alert.Summary), ". ")
		if summaries[i] == "" {
			summaries[i] = fmt.Sprintf("alert %d", it.AlertID)
		}
		if it.ReplyCode != "" && !it.Shadow {
			keys[i] = it.ReplyCode + " "
		}
	}
	texts := []*string{&link}
	for i := range summaries {
		texts = append(texts, &summaries[i])
	}
	for i := range services {
		texts = append(texts, &services[i])
	}
	e := prepare(texts...)
	count := fmt.Sprintf("%d alerts", len(items))
	reply, room := e.choose(replies, prefix+count+": ."+link, e.units(keys[0])+minSummary+20)
	var svc string
	if r := min(60, room/4); r >= 6 {
		switch len(services) {
		case 0:
		case 1:
			svc = " for " + e.clip(services[0], r)
		default:
			svc = " (" + e.clip(strings.Join(services, ", "), r) + ")"
		}
	}
	head := count + svc + ": "
	tail := "." + reply + link
	avail := e.budget - e.units(prefix+head+tail)
	// Show as many alerts as fit with a few words each, sharing the room
	// evenly; the rest are counted.
	for n := len(items); n >= 1; n-- {
		more := ""
		if n < len(items) {
			more = fmt.Sprintf("; +%d more", len(items)-n)
		}
		fixed := e.units(more)
		var lens []int
		for i := range n {
			fixed += e.units(keys[i])
			if i > 0 {
				fixed += 2 // "; "
			}
			lens = append(lens, e.units(summaries[i]))
		}
		room, need := avail-fixed, 0
		for _, l := range lens {
			need += min(l, minSummary)
		}
		if room < need && n > 1 {
			continue
		}
		c := waterLevel(lens, room)
		parts := make([]string, n)
		for i := range n {
			parts[i] = keys[i] + e.clip(summaries[i], c)
		}
		return e.clip(prefix+head+strings.Join(parts, "; ")+more+tail, e.budget)
	}
	return "" // unreachable: n == 1 always returns
}

// waterLevel returns the largest cap c such that the lengths, each cut to
// c, sum to at most room.
func waterLevel(lens []int, room int) int {
	hi := 0
	for _, l := range lens {
		hi = max(hi, l)
	}
	lo := 0
	for lo < hi {
		mid := (lo + hi + 1) / 2
		sum := 0
		for _, l := range lens {
			sum += min(l, mid)
		}
		if sum <= room {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// alertsLink turns an alert's link (…/alerts/123) into the alert list's.
func alertsLink(link string) string {
	i := strings.LastIndexByte(link, '/')
	if i < 0 || i == len(link)-1 {
		return link
	}
	for _, r := range link[i+1:] {
		if r < '0' || r > '9' {
			return link
		}
	}
	return link[:i]
}

func urgencyOf(m paging.Message) paging.Urgency {
	if m.Urgency != "" {
		return m.Urgency
	}
	return m.Alert.Urgency
}

// VoiceMessage words a page as sentences for text to speech.
func VoiceMessage(m paging.Message) string {
	var b strings.Builder
	if m.Shadow {
		b.WriteString("This is a shadow copy; no action is needed. ")
	}
	b.WriteString("Rota alert")
	if svc := oneLine(m.ServiceName); svc != "" {
		b.WriteString(" for ")
		b.WriteString(truncateRunes(svc, 60))
	}
	if u := urgencyOf(m); u != "" {
		fmt.Fprintf(&b, ", %s urgency", u)
	}
	summary := strings.TrimRight(oneLine(m.Alert.Summary), ". ")
	if summary == "" {
		summary = fmt.Sprintf("alert %d", m.AlertID)
	}
	b.WriteString(": ")
	b.WriteString(truncateRunes(summary, 300))
	b.WriteString(".")
	switch n := len(m.Bundle); n {
	case 0:
	case 1:
		b.WriteString(" One more alert is waiting for you.")
	default:
		fmt.Fprintf(&b, " %d more alerts are waiting for you.", n)
	}
	return b.String()
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-3]), " ") + "..."
}

// oneLine collapses runs of white space (newlines included) to one space.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// encoding measures and cuts text in the units an SMS is billed in.
type encoding struct {
	gsm    bool
	budget int
}

// prepare picks the encoding a message made of texts will need: GSM-7 when
// every text folds to it (the texts are then replaced by their folded
// forms), else UCS-2 with the texts as they are.
func prepare(texts ...*string) encoding {
	folded := make([]string, len(texts))
	for i, t := range texts {
		f, ok := toGSM(*t)
		if !ok {
			return encoding{gsm: false, budget: ucs2Budget}
		}
		folded[i] = f
	}
	for i, t := range texts {
		*t = folded[i]
	}
	return encoding{gsm: true, budget: gsmBudget}
}

func (e encoding) units(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case !e.gsm && r > 0xFFFF:
			n += 2
		case e.gsm && strings.ContainsRune(gsmExtended, r):
			n += 2
		default:
			n++
		}
	}
	return n
}

// clip cuts s to at most n units, ending it with "..." when cut.
func (e encoding) clip(s string, n int) string {
	if e.units(s) <= n {
		return s
	}
	if n <= 3 {
		return strings.Repeat(".", max(n, 0))
	}
	var kept []rune
	used := 0
	cutInWord := false
	for _, r := range s {
		u := e.units(string(r))
		if used+u > n-3 {
			cutInWord = r != ' '
			break
		}
		kept = append(kept, r)
		used += u
	}
	// Rather end on a whole word, unless that loses more than a few
	// characters.
	if cutInWord {
		for i := len(kept) - 1; i >= 0 && i >= len(kept)-12; i-- {
			if kept[i] == ' ' {
				kept = kept[:i]
				break
			}
		}
	}
	return strings.TrimRight(string(kept), " ,;:-") + "..."
}

const (
	gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	gsmExtended = "^{}\\[~]|€"
)

func isGSM(r rune) bool {
	return strings.ContainsRune(gsmBasic, r) || strings.ContainsRune(gsmExtended, r)
}

// gsmFold replaces common characters GSM-7 lacks with look-alikes it has.
var gsmFold = map[rune]string{
	'‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'", '´': "'",
	'“': `"`, '”': `"`, '„': `"`, '‟': `"`, '″': `"`, '«': `"`, '»': `"`,
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-",
	'…': "...", '•': "*", '·': ".", '\t': " ",
	'\u00a0': " ", '\u2002': " ", '\u2003': " ", '\u2009': " ", '\u202f': " ",
	'\u200b': "", '\ufeff': "",
	'ç': "c", 'Œ': "OE", 'œ': "oe", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D",
}

// toGSM folds s towards GSM-7: look-alike punctuation and accented letters
// without a GSM form lose their accent. ok is false when characters remain
// that GSM-7 cannot carry (Cyrillic, emoji …).
func toGSM(s string) (out string, ok bool) {
	ok = true
	var b strings.Builder
	for _, r := range s {
		if isGSM(r) {
			b.WriteRune(r)
			continue
		}
		if f, found := gsmFold[r]; found {
			b.WriteString(f)
			continue
		}
		if base, found := stripAccent(r); found {
			b.WriteRune(base)
			continue
		}
		ok = false
		b.WriteRune(r)
	}
	return b.String(), ok
}

// stripAccent returns r's base letter when r is a letter with combining
// marks whose base GSM-7 has (á → a, ê → e).
func stripAccent(r rune) (rune, bool) {
	d := norm.NFD.String(string(r))
	base, size := utf8.DecodeRuneInString(d)
	if size == len(d) || !isGSM(base) {
		return 0, false
	}
	for _, m := range d[size:] {
		if !unicode.Is(unicode.Mn, m) {
			return 0, false
		}
	}
	return base, true
}
