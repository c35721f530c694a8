package domain

// validateCeilingRange refuses a ceiling range whose bounds are crossed:
// it would list nothing, and the user should learn why.
func (f *ProjectFilter) validateCeilingRange() error {
	if f.CeilingMin != nil && f.CeilingMax != nil && *f.CeilingMin > *f.CeilingMax {
		return FieldError("ceiling_max", "ceiling_range", "The ceiling range's maximum is below its minimum.")
	}
	return nil
}
