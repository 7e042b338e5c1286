package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/peterh/liner"
)

// The terminal side of the shell: line editing by github.com/peterh/liner (Emacs keys, Up and
// Down through the history with prefix search, Ctrl-R, Tab completion listing the candidates
// as bash does), and the history file.

// shellHistoryKeep is how many history entries a session loads (liner's own limit).
const shellHistoryKeep = liner.HistoryLimit

// linerReader reads lines on the terminal. Between reads the terminal is in its normal mode,
// so Ctrl-C raises SIGINT while a query runs; during a read liner has it in raw mode and
// reports Ctrl-C as errShellInterrupt.
type linerReader struct {
	l         *liner.State
	history   shellHistory
	last      string // the last entry added, not repeated
	warned    bool   // about a history file that cannot be written
	closeOnce sync.Once
	sh        *shell
}

func newLinerReader(sh *shell, h shellHistory) *linerReader {
	r := &linerReader{l: liner.NewLiner(), history: h, sh: sh}
	r.l.SetCtrlCAborts(true)
	r.l.SetTabCompletionStyle(liner.TabPrints)
	r.l.SetMultiLineMode(true)
	r.l.SetWordCompleter(r.complete)
	entries, err := h.load()
	if err != nil {
		fmt.Fprintf(sh.msg, "warning: history %s: %v\n", h.path, err)
	}
	for _, e := range entries {
		r.l.AppendHistory(e)
	}
	if len(entries) > 0 {
		r.last = entries[len(entries)-1]
	}
	return r
}

func (r *linerReader) readLine(prompt string) (string, error) {
	line, err := r.l.Prompt(prompt)
	if errors.Is(err, liner.ErrPromptAborted) {
		return "", errShellInterrupt
	}
	return line, err
}

func (r *linerReader) addHistory(entry string) {
	if entry == "" || entry == r.last {
		return
	}
	r.last = entry
	r.l.AppendHistory(entry)
	if err := r.history.append(entry); err != nil && !r.warned {
		r.warned = true
		fmt.Fprintf(r.sh.msg, "warning: history %s: %v\n", r.history.path, err)
	}
}

// close gives the terminal back its mode. It may be called more than once.
func (r *linerReader) close() {
	r.closeOnce.Do(func() { r.l.Close() })
}

// complete is liner's word completer: line is the line being edited and pos the cursor, in
// runes; the candidates replace what lies between head and tail.
func (r *linerReader) complete(line string, pos int) (head string, cands []string, tail string) {
	runes := []rune(line)
	pos = min(max(pos, 0), len(runes))
	cursor := len(string(runes[:pos]))
	pending := r.sh.in.buf
	c := shellComplete(pending+line[:cursor], len(pending)+cursor, r.sh.set.lang, r.sh.vocab())
	start := c.start - len(pending)
	if start < 0 || len(c.cands) == 0 {
		return line[:cursor], nil, line[cursor:]
	}
	return line[:start], c.cands, line[cursor:]
}

// shellHistory is the history file: one entry a line, appended as entries come, so sessions
// side by side both keep theirs.
type shellHistory struct {
	path string
	keep int // entries load returns at most; the file is cut back to them past twice as many
}

// load returns the last entries of the file (none when it does not exist yet).
func (h shellHistory) load() ([]string, error) {
	f, err := os.Open(h.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var entries []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			entries = append(entries, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(entries) > 2*h.keep {
		entries = entries[len(entries)-h.keep:]
		if err := h.rewrite(entries); err != nil {
			return entries, err
		}
	}
	return entries[max(len(entries)-h.keep, 0):], nil
}

// append adds an entry. An entry with a line break (a string that spans lines) cannot be one
// line of the file and is left out.
func (h shellHistory) append(entry string) error {
	if entry == "" || strings.ContainsAny(entry, "\n\r") {
		return nil
	}
	f, err := os.OpenFile(h.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(entry + "\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rewrite replaces the file with entries, atomically.
func (h shellHistory) rewrite(entries []string) error {
	tmp, err := os.CreateTemp(filepath.Dir(h.path), ".shell_history-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	for _, e := range entries {
		w.WriteString(e + "\n")
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), h.path)
}
