package ui

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// hasFocus says whether the test driver's window w has the keyboard focus (Fyne's test
// window keeps it in an unexported field; fyne.Window has no getter).
func hasFocus(w fyne.Window) bool {
	return reflect.ValueOf(w).Elem().FieldByName("focused").Bool()
}

// The Demo phone opens without taking the keyboard from the main window: it opens after the
// main window's first frame and a window takes the focus as it shows, so a user test typed
// the Server address into the Demo phone.
func TestDemoPhone_opensWithoutTakingTheFocus(t *testing.T) {
	a := test.NewTempApp(t)
	main := a.NewWindow(Title)
	main.Show()
	phone := a.NewWindow("x360Sync Demo phone") // ShowDemoPhone's, without its reads of the server
	defer phone.Close()
	showBesideMain(a, phone)
	if !hasFocus(main) || hasFocus(phone) {
		t.Errorf("after the Demo phone opened: main window focused %v, Demo phone focused %v; want the main window's", hasFocus(main), hasFocus(phone))
	}
}
