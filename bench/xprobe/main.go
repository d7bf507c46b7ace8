// Command xprobe measures a GUI program from outside, on an X server (Xvfb in make bench):
// the time from process start to the first frame that shows what -want asks for, optionally
// the time from pressing Return after typing -type to the frame that shows -then, and then
// the steady resident memory and the CPU used while idle. It prints one JSON line.
//
// It reads the window's pixels with GetImage and types with XTEST (github.com/jezek/xgb,
// pure Go), so the same probe measures a Fyne app and a Qt one alike.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/damage"
	"github.com/jezek/xgb/xfixes"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"
)

// predicate says what a painted frame must show: it looks at the rows from skip+rows to skip
// above the window's bottom (rows 0: the whole window), so that the probe's own reads cost the
// X server little.
type predicate struct {
	skip, rows int
	ok         func(img []byte, width int) bool
}

var predicates = map[string]predicate{
	// painted: the window is no longer blank (Xvfb runs with -br, so a window not painted yet
	// is black): many pixels that are not black, in at least three colours.
	"painted": {0, 0, func(img []byte, _ int) bool {
		colours := map[uint32]bool{}
		n := 0
		for i := 0; i+3 < len(img); i += 4 {
			if img[i]|img[i+1]|img[i+2] != 0 {
				n++
				if len(colours) < 3 {
					colours[uint32(img[i])|uint32(img[i+1])<<8|uint32(img[i+2])<<16] = true
				}
			}
		}
		return n > 100 && len(colours) >= 3
	}},
	// blue: the brand colour of a primary button (Sign in, Unlock) in the light (#1F5FD1) or
	// dark (#5B9BFF) theme, or Nextcloud's logo.
	"blue": {0, 0, func(img []byte, _ int) bool {
		n := 0
		for i := 0; i+3 < len(img); i += 4 {
			b, g, r := img[i], img[i+1], img[i+2]
			if b > 200 && r < 110 && g > 60 && g < 170 {
				n++
			}
		}
		return n > 200
	}},
	// account: the account window's first frame, whose header shows the 40-unit logo at its
	// left in the top 120 rows of the 600-row window; the Unlock card's logo is centred
	// (x >= 180). It is painted before the account's details arrive (they say "Loading…").
	"account": {480, 120, func(img []byte, width int) bool {
		n := 0
		for i := 0; i+3 < len(img); i += 4 {
			if (i/4)%width >= 120 {
				continue
			}
			b, g, r := img[i], img[i+1], img[i+2]
			if b > 200 && r < 110 && g > 60 && g < 170 {
				n++
			}
		}
		return n > 200
	}},
	// loaded: the account window with its details loaded: the header's red Sign out button,
	// disabled (grey) while the account is fetched, in the top 120 rows; the Unlock card has
	// nothing red (its sign-out is a link).
	"loaded": {480, 120, func(img []byte, _ int) bool {
		n := 0
		for i := 0; i+3 < len(img); i += 4 {
			b, g, r := img[i], img[i+1], img[i+2]
			if r > 200 && g < 110 && b < 110 {
				n++
			}
		}
		return n > 200
	}},
}

type result struct {
	StartMS float64 `json:"start_ms"`
	// StartCPUMS is the CPU time the program had used (all its threads, from schedstat) when
	// its first frame showed, and StartWaitMS the time its threads were ready to run but
	// waited for a core: on a shared machine the first is the steadier measure of its own
	// work, and the second says how much of StartMS was other programs' load.
	StartCPUMS  float64 `json:"start_cpu_ms,omitempty"`
	StartWaitMS float64 `json:"start_wait_ms,omitempty"`
	ThenMS      float64 `json:"then_ms,omitempty"`
	// LoadedMS is Return to the frame -loaded asks for (the account's details shown).
	LoadedMS float64 `json:"loaded_ms,omitempty"`
	RSSKiB   int     `json:"rss_kib,omitempty"`
	CPUPct   float64 `json:"idle_cpu_pct"`
	IdleSecs float64 `json:"idle_s,omitempty"`
}

func main() {
	title := flag.String("title", "", "the window's title (a substring)")
	want := flag.String("want", "painted", "what the first frame must show: painted, blue or account")
	typ := flag.String("type", "", "after the first frame, type this and press Return")
	then := flag.String("then", "account", "what the frame after Return must show")
	loaded := flag.String("loaded", "", "then wait for a frame that shows this too (loaded: the account's details)")
	settle := flag.Duration("settle", 2*time.Second, "wait this long after the last frame before reading memory")
	idle := flag.Duration("idle", 0, "measure CPU over this idle time (0: skip)")
	timeout := flag.Duration("timeout", time.Minute, "give up after this long")
	flag.Parse()
	if _, ok := predicates[*want]; *title == "" || flag.NArg() == 0 || !ok {
		fmt.Fprintln(os.Stderr, "usage: xprobe -title T [-want painted|blue|account] [-type S -then P [-loaded P]] [-idle 30s] -- program args...")
		os.Exit(2)
	}
	r, err := probe(*title, *want, *typ, []string{*then, *loaded}, *settle, *idle, *timeout, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "xprobe:", err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(r)
}

func probe(title, want, typ string, then []string, settle, idle, timeout time.Duration, argv []string) (result, error) {
	var r result
	x, err := xgb.NewConn()
	if err != nil {
		return r, err
	}
	defer x.Close()
	if err := xtest.Init(x); err != nil {
		return r, err
	}
	root := xproto.Setup(x).DefaultScreen(x).Root
	w, err := newWatch(x, root)
	if err != nil {
		return r, fmt.Errorf("the X server's DAMAGE extension: %w", err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	deadline := t0.Add(timeout)

	_, err = w.waitFor(title, predicates[want], deadline)
	if err != nil {
		return r, fmt.Errorf("first frame (%s): %w", want, err)
	}
	r.StartMS = ms(time.Since(t0))
	r.StartCPUMS, r.StartWaitMS = schedstat(cmd.Process.Pid)
	if typ != "" {
		if err := typeThenWait(x, root, w, title, typ, then, timeout, &r); err != nil {
			return r, err
		}
	}
	time.Sleep(settle)
	pid := cmd.Process.Pid
	if r.RSSKiB, err = rss(pid); err != nil {
		return r, err
	}
	if idle > 0 {
		if r.CPUPct, r.IdleSecs, err = idleCPU(pid, idle); err != nil {
			return r, err
		}
	}
	return r, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// watch asks the X server to report what is drawn: a window mapped on the root (MapNotify) and,
// through DAMAGE, every change to a watched window's pixels. waitFor reads pixels only after
// such a report, instead of every 2 ms: those reads (QueryTree, GetImage of up to 800×600
// pixels, 500 times a second) took a core's worth of CPU from the program being measured and
// from Xvfb, which on 2 cores slowed the very frames being timed.
type watch struct {
	x       *xgb.Conn
	root    xproto.Window
	events  chan struct{}
	damages map[xproto.Window]damage.Damage
}

func newWatch(x *xgb.Conn, root xproto.Window) (*watch, error) {
	if err := xfixes.Init(x); err != nil {
		return nil, err
	}
	if _, err := xfixes.QueryVersion(x, 5, 0).Reply(); err != nil {
		return nil, err
	}
	if err := damage.Init(x); err != nil {
		return nil, err
	}
	if _, err := damage.QueryVersion(x, 1, 1).Reply(); err != nil {
		return nil, err
	}
	if err := xproto.ChangeWindowAttributesChecked(x, root, xproto.CwEventMask,
		[]uint32{xproto.EventMaskSubstructureNotify}).Check(); err != nil {
		return nil, err
	}
	w := &watch{x: x, root: root, events: make(chan struct{}, 1), damages: map[xproto.Window]damage.Damage{}}
	go func() {
		for {
			ev, err := x.WaitForEvent()
			if ev == nil && err == nil { // the connection closed
				return
			}
			select {
			case w.events <- struct{}{}:
			default: // a report is already waiting: one look covers both
			}
		}
	}()
	return w, nil
}

// follow starts DAMAGE reports for win, once.
func (w *watch) follow(win xproto.Window) {
	if _, ok := w.damages[win]; ok {
		return
	}
	id, err := damage.NewDamageId(w.x)
	if err != nil {
		return
	}
	if damage.CreateChecked(w.x, id, xproto.Drawable(win), damage.ReportLevelNonEmpty).Check() == nil {
		w.damages[win] = id
	}
}

// rearm empties the damage seen so far, so that the next drawing is reported again.
func (w *watch) rearm() {
	for _, d := range w.damages {
		damage.Subtract(w.x, d, 0, 0)
	}
}

// waitFor waits for a viewable top-level window whose title contains title and whose pixels
// satisfy p: it looks at once, then after each report from the X server (and every 50 ms in
// case a title is set without one).
func (w *watch) waitFor(title string, p predicate, deadline time.Time) (xproto.Window, error) {
	for time.Now().Before(deadline) {
		w.rearm()
		for _, win := range windows(w.x, w.root, title) {
			w.follow(win)
			g, err := xproto.GetGeometry(w.x, xproto.Drawable(win)).Reply()
			if err != nil || g.Width < 2 || g.Height < 2 {
				continue
			}
			y, h := int16(0), g.Height
			if p.rows > 0 && int(g.Height) > p.skip+p.rows {
				y, h = int16(int(g.Height)-p.skip-p.rows), uint16(p.rows)
			}
			img, err := xproto.GetImage(w.x, xproto.ImageFormatZPixmap, xproto.Drawable(win), 0, y, g.Width, h, 0xffffffff).Reply()
			if err == nil && p.ok(img.Data, int(g.Width)) {
				return win, nil
			}
		}
		select {
		case <-w.events:
		case <-time.After(50 * time.Millisecond):
		}
	}
	return 0, errors.New("timed out")
}

// windows lists the viewable windows titled like title, searching two levels below the root
// (a top-level window, or one a window manager has reparented).
func windows(x *xgb.Conn, root xproto.Window, title string) []xproto.Window {
	var out []xproto.Window
	tree, err := xproto.QueryTree(x, root).Reply()
	if err != nil {
		return nil
	}
	for _, w := range tree.Children {
		a, err := xproto.GetWindowAttributes(x, w).Reply()
		if err != nil || a.MapState != xproto.MapStateViewable {
			continue
		}
		if strings.Contains(name(x, w), title) {
			out = append(out, w)
		}
	}
	return out
}

func name(x *xgb.Conn, w xproto.Window) string {
	for _, prop := range []string{"_NET_WM_NAME", "WM_NAME"} {
		a, err := xproto.InternAtom(x, true, uint16(len(prop)), prop).Reply()
		if err != nil || a.Atom == 0 {
			continue
		}
		p, err := xproto.GetProperty(x, false, w, a.Atom, xproto.GetPropertyTypeAny, 0, 256).Reply()
		if err == nil && len(p.Value) > 0 {
			return string(p.Value)
		}
	}
	return ""
}

// key presses and releases the key that types keysym, through XTEST.
func key(x *xgb.Conn, root xproto.Window, sym xproto.Keysym) error {
	setup := xproto.Setup(x)
	count := byte(setup.MaxKeycode - setup.MinKeycode + 1)
	m, err := xproto.GetKeyboardMapping(x, setup.MinKeycode, count).Reply()
	if err != nil {
		return err
	}
	per := int(m.KeysymsPerKeycode)
	for i := 0; i < int(count); i++ {
		if m.Keysyms[i*per] == sym {
			code := byte(int(setup.MinKeycode) + i)
			if err := xtest.FakeInputChecked(x, xproto.KeyPress, code, 0, root, 0, 0, 0).Check(); err != nil {
				return err
			}
			if err := xtest.FakeInputChecked(x, xproto.KeyRelease, code, 0, root, 0, 0, 0).Check(); err != nil {
				return err
			}
			x.Sync()
			return nil
		}
	}
	return fmt.Errorf("no key types keysym %#x", sym)
}

// rss is the process's resident memory in KiB.
func rss(pid int) (int, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			return strconv.Atoi(f[1])
		}
	}
	return 0, errors.New("no VmRSS")
}

// schedstat sums /proc/PID/task/*/schedstat: time on a CPU and time waiting for one, in ms
// (zero where the kernel keeps no schedstats). Threads that already ended are not counted.
func schedstat(pid int) (cpu, wait float64) {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	for _, t := range tasks {
		raw, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		var run, queued int64
		if _, err := fmt.Sscan(string(raw), &run, &queued); err == nil {
			cpu += float64(run) / 1e6
			wait += float64(queued) / 1e6
		}
	}
	return cpu, wait
}

// ticksPerSecond is USER_HZ, 100 on Linux.
const ticksPerSecond = 100

// cpuTicks is the process's user plus system time, all threads, in ticks.
func cpuTicks(pid int) (int64, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	// after the command name: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("bad /proc stat")
	}
	return u + st, nil
}

// typeThenWait types typ and presses Return, as a person would after a look at the first frame,
// then times the frames that show then[0] and, if set, then[1].
func typeThenWait(x *xgb.Conn, root xproto.Window, w *watch, title, typ string, then []string, timeout time.Duration, r *result) error {
	time.Sleep(time.Second) // let the screen settle, as a person would look before typing
	for _, c := range typ {
		if err := key(x, root, xproto.Keysym(c)); err != nil {
			return err
		}
	}
	t1 := time.Now()
	if err := key(x, root, 0xff0d); err != nil { // Return
		return err
	}
	if _, err := w.waitFor(title, predicates[then[0]], t1.Add(timeout)); err != nil {
		return fmt.Errorf("frame after Return (%s): %w", then[0], err)
	}
	r.ThenMS = ms(time.Since(t1))
	if then[1] != "" {
		if _, err := w.waitFor(title, predicates[then[1]], t1.Add(timeout)); err != nil {
			return fmt.Errorf("frame after Return (%s): %w", then[1], err)
		}
		r.LoadedMS = ms(time.Since(t1))
	}
	return nil
}

// idleCPU is the CPU pid used over idle, in percent of one core, and the seconds measured.
func idleCPU(pid int, idle time.Duration) (pct, secs float64, err error) {
	c0, err := cpuTicks(pid)
	if err != nil {
		return 0, 0, err
	}
	s0 := time.Now()
	time.Sleep(idle)
	c1, err := cpuTicks(pid)
	if err != nil {
		return 0, 0, err
	}
	secs = time.Since(s0).Seconds()
	return float64(c1-c0) / ticksPerSecond / secs * 100, secs, nil
}
