package server

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// errPasswordFlag refuses a password on the command line, where the shell
// history and the process list keep it.
var errPasswordFlag = errors.New("admin create reads the password from standard input or a prompt, not from the command line: drop --password")

// readStaffPassword reads the new staff account's password: on a terminal
// from a prompt that does not echo, asked twice; otherwise the first line
// of standard input, e.g. `printf '%s\n' "$PW" | marketplace admin create …`.
func readStaffPassword(in io.Reader, prompt io.Writer) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		ask := func(label string) (string, error) {
			fmt.Fprint(prompt, label)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(prompt)
			return string(b), err
		}
		pw, err := ask("Password: ")
		if err != nil {
			return "", err
		}
		again, err := ask("Repeat the password: ")
		if err != nil {
			return "", err
		}
		if pw != again {
			return "", errors.New("the passwords differ")
		}
		return pw, nil
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on standard input (one line) and no terminal to ask on")
	}
	return pw, nil
}

// hasPasswordFlag reports whether args try to pass the password as a flag.
func hasPasswordFlag(args []string) bool {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "password" {
			return true
		}
	}
	return false
}
