package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/phone"
)

// phoneField is a mobile number for text messages: the country (with its calling code) and
// the number as people write it at home. It shows back the number it understood, in
// international format, as it is typed; a number starting with + names its own country.
type phoneField struct {
	country   *selectBox
	number    *textEntry
	heard     *widget.Label
	field     *field // the number's label and its error
	box       *fyne.Container
	countries []phone.Country
}

func newPhoneField(onEnter func()) *phoneField {
	p := &phoneField{countries: phone.Countries(), heard: widget.NewLabel("")}
	labels := make([]string, len(p.countries))
	start := ""
	for i, c := range p.countries {
		labels[i] = c.Label()
		if c.Region == phone.DefaultRegion() {
			start = labels[i]
		}
	}
	p.number = entry(lang.L("e.g. 202 555 0123"), onEnter)
	p.number.label = lang.L("Mobile phone number")
	p.number.OnChanged = func(string) { p.field.setError(""); p.echo() }
	p.country = newSelectBox(labels, func(string) { p.echo() })
	p.country.SetSelected(start)
	p.field = newField(lang.L("Mobile phone number"), p.number)
	p.box = container.NewVBox(newField(lang.L("Country"), p.country).box, p.field.box, p.heard)
	return p
}

func (p *phoneField) region() string {
	if i := p.country.SelectedIndex(); i >= 0 {
		return p.countries[i].Region
	}
	return phone.DefaultRegion()
}

// echo shows the number as it will be texted, once it is a valid one.
func (p *phoneField) echo() {
	if _, shown, err := phone.Parse(p.region(), p.number.Text); err == nil {
		p.heard.SetText(fmt.Sprintf(lang.L("We will text %s"), shown))
		return
	}
	p.heard.SetText("")
}

// value is the number in E.164 form for the API, or phone.ErrInvalid. A valid number is
// rewritten in international format, so the person sees what was sent.
func (p *phoneField) value() (string, error) {
	e164, shown, err := phone.Parse(p.region(), p.number.Text)
	if err == nil {
		p.number.SetText(shown)
	}
	return e164, err
}

// refused puts why the number was refused under it, and gives it the focus.
func (p *phoneField) refused(text string) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.number); c != nil {
		c.Focus(p.number)
	}
	p.field.setError(text)
}

func (p *phoneField) content() fyne.CanvasObject  { return p.box }
func (p *phoneField) widgets() []fyne.Disableable { return []fyne.Disableable{p.country, p.number} }
