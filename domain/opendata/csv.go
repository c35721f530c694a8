package opendata

import (
	"encoding/csv"
	"io"
	"strings"
)

// CSV exports are opened in spreadsheets. A cell that begins with one of
// csvFormulaStarts is read there as a formula (CSV injection: =HYPERLINK(…)
// in an agency name runs on a department's machine), so such a cell is
// written with a leading apostrophe, which spreadsheets show as text. The
// rule holds for every cell, negative numbers included: one rule, no
// guessing what is data.
const csvFormulaStarts = "=+-@\t\r"

// utf8BOM starts every export so that Excel reads the Chinese as UTF-8.
const utf8BOM = "\uFEFF"

// CSVWriter is the one writer every CSV export uses.
type CSVWriter struct {
	w       *csv.Writer
	out     io.Writer
	started bool
	err     error
}

// NewCSVWriter returns a writer that starts the output with a UTF-8 BOM and
// neutralises formula cells.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: csv.NewWriter(w), out: w}
}

// Write writes one record.
func (c *CSVWriter) Write(record []string) error {
	if err := c.start(); err != nil {
		return err
	}
	safe := make([]string, len(record))
	for i, cell := range record {
		safe[i] = CSVSafeCell(cell)
	}
	return c.w.Write(safe)
}

// Flush writes any buffered data (and the BOM of an empty export).
func (c *CSVWriter) Flush() {
	if c.start() != nil {
		return
	}
	c.w.Flush()
}

// Error reports an error from an earlier Write or Flush.
func (c *CSVWriter) Error() error {
	if c.err != nil {
		return c.err
	}
	return c.w.Error()
}

// start writes the BOM before the first byte of CSV; nothing has reached
// the csv.Writer's buffer yet, so the order holds.
func (c *CSVWriter) start() error {
	if !c.started {
		c.started = true
		_, c.err = io.WriteString(c.out, utf8BOM)
	}
	return c.err
}

// CSVSafeCell prefixes a cell a spreadsheet would read as a formula with '.
func CSVSafeCell(s string) string {
	if s != "" && strings.ContainsRune(csvFormulaStarts, rune(s[0])) {
		return "'" + s
	}
	return s
}
