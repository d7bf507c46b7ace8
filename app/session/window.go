package session

import "github.com/x360sync/desktop/app/config"

// WindowSize is the main window's size as last saved, within config's bounds; zero when none
// is. Before Start it glances at the config file (the window opens while Start runs) without
// touching it: a damaged file is left for Start to report.
func (m *Manager) WindowSize() config.WindowSize {
	st := m.snapshot()
	if st.Version == 0 { // not started: nothing read yet
		st = m.Config.Peek()
	}
	return st.Window.Clamped()
}

// SetWindowSize saves the main window's size (clamped), like the other settings: through the
// session, the config's one writer. A session held for this run only writes nothing; an
// unchanged size is not written again.
func (m *Manager) SetWindowSize(w config.WindowSize) error {
	w = w.Clamped()
	m.wmu.Lock()
	defer m.wmu.Unlock()
	if m.snapshot().Window == w {
		return nil
	}
	_, err := m.update(func(s *config.State) error { s.Window = w; return nil })
	return err
}
