package load

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// engineersByEmail is the lookup the tests use: the payments team.
func engineersByEmail(email string) (string, bool) {
	id, ok := map[string]string{"dan@example.com": "dan", "olga@example.com": "olga", "nia@example.com": "nia"}[email]
	return id, ok
}

func TestParseCSV(t *testing.T) {
	src := "\ufeffat,email,alert,channel\n" +
		"2026-03-02T03:00:00Z,dan@example.com,disk-full,sms\n" +
		" 2026-03-02T04:00:00+01:00 , OLGA@example.com ,\"checkout, 5xx\",VOICE\n" +
		"\n" +
		"2026-03-02T05:00:00.250-05:00,nia@example.com,\"multi\nline\",email\n" +
		"2026-03-02T06:00:00Z,dan@example.com,batch,push\n" +
		"2026-03-02T07:00:00Z,dan@example.com,batch,pagerduty\n"
	rows, err := ParseCSV(strings.NewReader(src), engineersByEmail)
	if err != nil {
		t.Fatal(err)
	}
	z := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want := []ImportedPage{
		{Line: 2, At: z("2026-03-02T03:00:00Z"), Email: "dan@example.com", EngineerID: "dan", Alert: "disk-full", Channel: ChannelSMS},
		{Line: 3, At: z("2026-03-02T04:00:00+01:00"), Email: "olga@example.com", EngineerID: "olga", Alert: "checkout, 5xx", Channel: ChannelVoice},
		{Line: 5, At: z("2026-03-02T05:00:00.25-05:00"), Email: "nia@example.com", EngineerID: "nia", Alert: "multi\nline", Channel: ChannelEmail},
		{Line: 7, At: z("2026-03-02T06:00:00Z"), Email: "dan@example.com", EngineerID: "dan", Alert: "batch", Channel: ChannelPush},
		{Line: 8, At: z("2026-03-02T07:00:00Z"), Email: "dan@example.com", EngineerID: "dan", Alert: "batch", Channel: ChannelPagerDuty},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows: %+v", len(rows), rows)
	}
	for i := range want {
		g, w := rows[i], want[i]
		if !g.At.Equal(w.At) {
			t.Errorf("row %d at = %v, want %v", i, g.At, w.At)
		}
		g.At, w.At = time.Time{}, time.Time{}
		if g != w {
			t.Errorf("row %d = %+v, want %+v", i, g, w)
		}
	}
	if p := rows[0].Page(); !p.Imported || p.EngineerID != "dan" || p.AlertID != "disk-full" || p.Channel != ChannelSMS {
		t.Errorf("page = %+v", p)
	}
	// Columns may come in any order.
	rows, err = ParseCSV(strings.NewReader("Channel, Alert ,email,AT\nsms,a,dan@example.com,2026-03-02T03:00:00Z\n"), engineersByEmail)
	if err != nil || len(rows) != 1 || rows[0].Alert != "a" || rows[0].EngineerID != "dan" {
		t.Errorf("reordered columns: %v %+v", err, rows)
	}
}

func TestParseCSVErrors(t *testing.T) {
	const header = "at,email,alert,channel\n"
	cases := []struct {
		name string
		src  string
		want []string // every error, in order
	}{
		{"empty file", "", []string{"line 1: the file is empty; its first line must be the header at,email,alert,channel"}},
		{"missing column", "at,email,alert\n", []string{"line 1: the header has no channel column; it must name at, email, alert and channel"}},
		{"unknown and duplicate columns", "at,email,alert,channel,when,at\n", []string{
			`line 1, column 5: unknown column "when"; the columns are at, email, alert and channel`,
			"line 1, column 6 (at): column at appears twice"}},
		{"no zone offset", header + "2026-03-02T03:00:00,dan@example.com,a,sms\n", []string{
			`line 2, column 1 (at): "2026-03-02T03:00:00" has no zone offset; write it in RFC 3339, like 2026-03-02T03:00:00Z or 2026-03-02T04:00:00+01:00`}},
		{"not a time", header + "yesterday,dan@example.com,a,sms\n", []string{
			`line 2, column 1 (at): "yesterday" is not an RFC 3339 time, like 2026-03-02T03:00:00Z`}},
		{"a zone name is not an offset", header + "2026-03-02T03:00:00 Europe/Berlin,dan@example.com,a,sms\n", []string{
			`line 2, column 1 (at): "2026-03-02T03:00:00 Europe/Berlin" is not an RFC 3339 time, like 2026-03-02T03:00:00Z`}},
		{"out of range", header + "2300-01-01T00:00:00Z,dan@example.com,a,sms\n", []string{
			`line 2, column 1 (at): "2300-01-01T00:00:00Z" is not between 1900 and 2200`}},
		{"every bad field of a row, and of later rows", header +
			"2026-03-02T03:00:00Z,zed@example.com,a,sms\n" +
			",not-an-address,,fax\n" +
			"2026-03-02T03:00:00Z,dan@example.com,a\n", []string{
			`line 2, column 2 (email): unknown email "zed@example.com": no engineer has this address`,
			"line 3, column 1 (at): a time is required",
			`line 3, column 2 (email): "not-an-address" is not an email address`,
			"line 3, column 3 (alert): an alert is required",
			`line 3, column 4 (channel): unknown channel "fax"; it must be sms, voice, push, pagerduty or email`,
			"line 4: the row has 3 fields, the header 4"}},
		{"log is Rota's own channel, not an import one", header + "2026-03-02T03:00:00Z,dan@example.com,a,log\n", []string{
			`line 2, column 4 (channel): unknown channel "log"; it must be sms, voice, push, pagerduty or email`}},
		{"a display name is not an address", header + "2026-03-02T03:00:00Z,Dan <dan@example.com>,a,sms\n", []string{
			`line 2, column 2 (email): "dan <dan@example.com>" is not an email address`}},
		{"an alert too long", header + "2026-03-02T03:00:00Z,dan@example.com," + strings.Repeat("x", MaxAlertLength+1) + ",sms\n", []string{
			"line 2, column 3 (alert): the alert is longer than 1024 bytes"}},
		{"a bare quote stops the parse", header + "2026-03-02T03:00:00Z,dan@example.com,a,sms\n2026-03-02T03:00:00Z,dan@example.com,a\"b,sms\n", []string{
			`line 3: bare " in non-quoted-field (at byte 39 of the line)`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := ParseCSV(strings.NewReader(tc.src), engineersByEmail)
			if rows != nil {
				t.Errorf("rows returned with errors: %+v", rows)
			}
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *ImportError", err)
			}
			var got []string
			for _, e := range ie.Errors {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tc.want)
			}
			if ie.ErrorCode() != "invalid" || ie.ErrorMessage() != ie.Error() || ie.ErrorField() == "" {
				t.Errorf("error methods: %q %q", ie.ErrorCode(), ie.ErrorField())
			}
		})
	}
}

func TestParseCSVManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("at,email,alert,channel\n")
	for range MaxImportErrors + 5 {
		b.WriteString("2026-03-02T03:00:00Z,dan@example.com,a,fax\n")
	}
	_, err := ParseCSV(strings.NewReader(b.String()), engineersByEmail)
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != MaxImportErrors || ie.More != 5 || !strings.HasSuffix(ie.Error(), "\nand 5 more") {
		t.Fatalf("error = %v", err)
	}
	if ie.Errors[MaxImportErrors-1].Line != MaxImportErrors+1 {
		t.Errorf("last listed error on line %d", ie.Errors[MaxImportErrors-1].Line)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestParseCSVReadError(t *testing.T) {
	_, err := ParseCSV(failingReader{}, engineersByEmail)
	var ie *ImportError
	if err == nil || errors.As(err, &ie) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("error = %v, want the reader's, wrapped", err)
	}
}

// FuzzParseCSV: whatever the bytes, ParseCSV returns either rows and no
// error or an *ImportError and no rows; every error has a line; every row
// is valid; and writing the rows back out parses to the same rows.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("at,email,alert,channel\n2026-03-02T03:00:00Z,dan@example.com,disk-full,sms\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseCSV(bytes.NewReader(data), engineersByEmail)
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *ImportError", err)
			}
			if rows != nil || len(ie.Errors) == 0 {
				t.Fatalf("rows %v with error %v", rows, err)
			}
			for _, e := range ie.Errors {
				if e.Line < 1 || e.Column < 0 || e.Message == "" {
					t.Fatalf("bad row error %+v", e)
				}
			}
			return
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write(importColumns)
		for _, r := range rows {
			if r.Line < 2 || r.At.Before(minInstant) || !r.At.Before(maxInstant) || !isImportChannel(r.Channel) ||
				r.Alert == "" || r.Alert != strings.TrimSpace(r.Alert) || r.EngineerID == "" {
				t.Fatalf("invalid row %+v", r)
			}
			if id, _ := engineersByEmail(r.Email); id != r.EngineerID {
				t.Fatalf("row %+v: engineer of %s is %s", r, r.Email, id)
			}
			_ = w.Write([]string{r.At.Format(time.RFC3339Nano), r.Email, r.Alert, string(r.Channel)})
		}
		w.Flush()
		again, err := ParseCSV(&buf, engineersByEmail)
		if err != nil {
			t.Fatalf("rows written back do not parse: %v\n%s", err, buf.String())
		}
		if len(again) != len(rows) {
			t.Fatalf("%d rows, then %d", len(rows), len(again))
		}
		for i := range rows {
			a, b := rows[i], again[i]
			if !a.At.Equal(b.At) || a.Email != b.Email || a.Alert != b.Alert || a.Channel != b.Channel || a.EngineerID != b.EngineerID {
				t.Fatalf("row %d: %+v, then %+v", i, a, b)
			}
		}
	})
}

func TestImportedPagesFeedTheAccumulator(t *testing.T) {
	src := "at,email,alert,channel\n" +
		"2026-03-02T03:00:00Z,dan@example.com,a,sms\n" +
		"2026-03-02T03:00:30Z,dan@example.com,b,voice\n" +
		"2026-03-02T04:00:00Z,dan@example.com,c,email\n"
	rows, err := ParseCSV(strings.NewReader(src), engineersByEmail)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	a := mustAcc(t, Input{From: from, To: from.AddDate(0, 0, 1), Engineers: []Engineer{{ID: "dan", TimeZone: "America/New_York"}}})
	for _, r := range rows {
		if err := a.Add(r.Page()); err != nil {
			t.Fatal(err)
		}
	}
	e := eng(t, a.Report(), "dan")
	if e.Pages != 3 || e.ImportedPages != 3 || e.EmailPages != 1 || e.Interruptions != (Interruptions{Total: 1, Sleep: 1}) {
		t.Errorf("%+v", e)
	}
}
