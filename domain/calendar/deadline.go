package calendar

import "time"

// MaxWorkingDays bounds a period in working days (two years' worth): more
// is surely a mistake, and the bound keeps the count finite whatever the
// overrides say.
const MaxWorkingDays = 500

// maxScanDays is how far AddWorkingDays looks for working days before it
// gives up on a calendar that has (almost) none.
const maxScanDays = 5 * 366

// AddWorkingDays is the deadline of a period of n working days that starts
// at from: 24:00 Beijing time of the n-th working day after from's date.
// The day the period starts on is not counted (Civil Code art. 201: 开始的
// 当日不计入，自下一日开始计算), and a period ending on a rest day runs on
// to the next working day (art. 203) because only working days count.
func AddWorkingDays(cal Calendar, from time.Time, n int) time.Time {
	d := DateOf(from)
	for counted, scanned := 0, 0; counted < n && scanned < maxScanDays; scanned++ {
		d = d.AddDays(1)
		if cal.IsWorkingDay(d) {
			counted++
		}
	}
	return d.End()
}
