// Command commonpasswords writes domain/identity/common_passwords.txt, the list of
// the most common passwords that registration refuses. Its source is the
// ranked password list that zxcvbn ships (data/passwords.txt of the Go port
// github.com/trustelem/zxcvbn, MIT licence; drawn from Mark Burnett's public
// 10-million-password corpus): one password and its count a line, most
// frequent first, already lower-cased. The raw file is used, not the
// package's frequency list, because zxcvbn moves a word that ranks better in
// another dictionary (names, English words) out of its password list.
//
//	go run ./tools/commonpasswords            (from the repository root)
//
// The module is fetched with `go mod download` into the module cache; it is
// not a dependency of the marketplace.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	module := flag.String("module", "github.com/trustelem/zxcvbn@v1.0.1", "module@version holding data/passwords.txt")
	n := flag.Int("n", 10000, "how many of the most common passwords to keep")
	out := flag.String("out", "domain/identity/common_passwords.txt", "file to write")
	flag.Parse()
	if err := run(*module, *n, *out); err != nil {
		fmt.Fprintln(os.Stderr, "commonpasswords:", err)
		os.Exit(1)
	}
}

func run(module string, n int, out string) error {
	dl, err := exec.Command("go", "mod", "download", "-json", module).Output()
	if err != nil {
		return fmt.Errorf("go mod download %s: %w", module, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(dl, &info); err != nil || info.Error != "" || info.Dir == "" {
		return fmt.Errorf("go mod download %s: %v %s", module, err, info.Error)
	}
	f, err := os.Open(filepath.Join(info.Dir, "data", "passwords.txt"))
	if err != nil {
		return err
	}
	defer f.Close()
	var buf bytes.Buffer
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() && len(seen) < n {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		pw := strings.ToLower(fields[0])
		if seen[pw] {
			continue
		}
		seen[pw] = true
		buf.WriteString(pw + "\n")
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(seen) < n {
		return errors.New("the source list is shorter than asked")
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
