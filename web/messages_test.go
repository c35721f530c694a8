package web

import (
	"encoding/json"
	"strings"
	"testing"
)

// A message id defined in two files of one language would be translated by
// whichever file loads last (the loader reads a map): each id has one home.
func TestMessageIDsDefinedOnce(t *testing.T) {
	files, err := MessageFiles()
	if err != nil {
		t.Fatal(err)
	}
	home := map[string]string{} // "lang id" → file
	for name, b := range files {
		lang := strings.TrimSuffix(name[strings.Index(name, ".")+1:], ".json")
		var msgs map[string]any
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id := range msgs {
			key := lang + " " + id
			if other, ok := home[key]; ok {
				t.Errorf("%s is defined in %s and %s", key, other, name)
			}
			home[key] = name
		}
	}
}
