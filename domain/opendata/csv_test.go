package opendata_test

import (
	"bytes"
	"testing"

	"marketplace/domain/opendata"
)

func TestCSVWriter(t *testing.T) {
	var buf bytes.Buffer
	w := opendata.NewCSVWriter(&buf)
	for _, rec := range [][]string{
		{"=1+1", "+86", "-40", "@A1", "\tx", "\rx"},
		{"", "某市生态环境局", "2026-01-05", "a=b", "'quoted"},
	} {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	want := "\uFEFF'=1+1,'+86,'-40,'@A1,'\tx,\"'\rx\"\n,某市生态环境局,2026-01-05,a=b,'quoted\n"
	if err := w.Error(); err != nil || buf.String() != want {
		t.Errorf("got %q, %v; want %q", buf.String(), err, want)
	}

	buf.Reset()
	empty := opendata.NewCSVWriter(&buf)
	empty.Flush()
	if buf.String() != "\uFEFF" {
		t.Errorf("empty export = %q, want only the BOM", buf.String())
	}
}
