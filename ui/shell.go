package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// cardWidth is the widest the card gets; a narrower window makes it narrower.
const cardWidth = 440

// wideCardWidth is the card for a page of two columns.
const wideCardWidth = 760

// panel is a rounded rectangle drawn in theme colours behind content. It is a widget so that
// a change of theme (the OS switching to dark) repaints it in the new colours. It draws only
// the rectangle: the content is its sibling in a container.Stack (newPanel), because screen
// readers (Fyne 2.8's bridges) descend through *fyne.Container only, never into a widget.
type panel struct {
	widget.BaseWidget
	fill, stroke fyne.ThemeColorName // stroke "" draws none
	alpha        uint8               // fill opacity; 0 means opaque
	radius       float32
	shadow       bool
}

func newBackground(fill, stroke fyne.ThemeColorName, radius float32) *panel {
	p := &panel{fill: fill, stroke: stroke, radius: radius}
	p.ExtendBaseWidget(p)
	return p
}

// newPanel is content on a rounded rectangle.
func newPanel(fill, stroke fyne.ThemeColorName, radius float32, content fyne.CanvasObject) *fyne.Container {
	return container.NewStack(newBackground(fill, stroke, radius), content)
}

func (p *panel) CreateRenderer() fyne.WidgetRenderer {
	r := &panelRenderer{p: p, rect: canvas.NewRectangle(color.Transparent)}
	r.Refresh()
	return r
}

type panelRenderer struct {
	p    *panel
	rect *canvas.Rectangle
}

func (r *panelRenderer) Layout(s fyne.Size) { r.rect.Resize(s) }

func (r *panelRenderer) MinSize() fyne.Size { return fyne.Size{} }

func (r *panelRenderer) Refresh() {
	th := r.p.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fill := th.Color(r.p.fill, v)
	if r.p.alpha != 0 {
		c := color.NRGBAModel.Convert(fill).(color.NRGBA)
		c.A = r.p.alpha
		fill = c
	}
	r.rect.FillColor = fill
	r.rect.CornerRadius = r.p.radius
	if r.p.stroke != "" {
		r.rect.StrokeColor, r.rect.StrokeWidth = th.Color(r.p.stroke, v), 1
	}
	if r.p.shadow {
		r.rect.Shadow = canvas.Shadow{Color: th.Color(theme.ColorNameShadow, v), BlurRadius: 12, Offset: fyne.NewPos(0, 2)}
	}
	r.rect.Refresh()
}

func (r *panelRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.rect} }

func (r *panelRenderer) Destroy() {}

// column lays out one object centred, at most max wide (less in a narrow window): centred in
// the view, or at the top when taller than the view. A still column (a card's) keeps the top
// where it placed it while the object grows or shrinks (a banner or a field's error shown): a
// card centred anew at each change jumped up under the pointer, which a first-time user saw on
// Unlock. It places the top anew for a new screen (settle) or a view of another size (the
// window resized); an object grown past the bottom of the view asks for the height down to its
// bottom, so that it scrolls (fitScroll) rather than moving up.
type column struct {
	max   float32
	still bool
	atTop bool // the object stands at the top, never centred (the account's cards, under its header card)

	placed   bool      // top holds; false: place the object anew at the next layout
	top      float32   // the object's top
	view     fyne.Size // what of the column shows (fitScroll's view; the column's size without one)
	hasView  bool      // a fitScroll gives view
	placedIn fyne.Size // the view the top was placed in
}

// settle has the next layout place the object anew: a new screen in the card.
func (c *column) settle() { c.placed = false }

// setView is the size of the view the column scrolls in (fitScroll's).
func (c *column) setView(s fyne.Size) { c.view, c.hasView = s, true }

func (c *column) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	pad := 2 * theme.Padding()
	h := s.Height + 2*pad
	if c.still && c.placed {
		h = fyne.Max(h, c.top+s.Height+pad)
	}
	return fyne.NewSize(s.Width+2*pad, h)
}

func (c *column) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := 2 * theme.Padding()
	view := size
	if c.hasView {
		view = c.view
	}
	for _, o := range objs {
		min := o.MinSize()
		w := fyne.Min(c.max, size.Width-2*pad)
		w = fyne.Max(w, min.Width)
		o.Resize(fyne.NewSize(w, min.Height))
		// Wrapped text is measured at the width just given: ask again for the real height.
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		if !c.still || !c.placed || view != c.placedIn {
			c.top = fyne.Max(pad, (view.Height-h)/2)
			if c.atTop {
				c.top = pad
			}
			c.placed, c.placedIn = true, view
		}
		o.Move(fyne.NewPos((size.Width-w)/2, c.top))
	}
}

// shell is the frame of every screen before sign-in, Unlock and Done: a card of limited width
// on a backdrop. Inside, top to bottom: Back and "Step N of M", the logo, the title, the
// subtitle, the banner, the form, and a muted footer with the server and the version.
type shell struct {
	back     *button
	step     *mutedText
	logo     *canvas.Image
	title    *widget.Label
	subtitle *mutedText
	banner   *banner
	body     *fyne.Container
	footer   *mutedText
	scroll   *fitScroll
	col      *column
	cardBox  *fyne.Container
	root     fyne.CanvasObject
}

func newShell(onBack func()) *shell {
	s := &shell{}
	s.back = newIconButton(lang.L("Back"), theme.NavigateBackIcon(), onBack)
	s.back.Importance = widget.LowImportance
	s.back.Hide()
	s.step = newMutedText(fyne.TextAlignTrailing, false)
	s.logo = canvas.NewImageFromResource(Logo)
	s.logo.FillMode = canvas.ImageFillContain
	s.logo.SetMinSize(fyne.NewSize(64, 64))
	s.logo.Hide()
	s.title = widget.NewLabel("")
	s.title.SizeName = theme.SizeNameHeadingText
	s.title.TextStyle.Bold = true
	s.title.Wrapping = fyne.TextWrapWord
	s.subtitle = newMutedText(fyne.TextAlignLeading, true)
	s.subtitle.Hide()
	s.banner = newBanner()
	s.body = container.NewStack()
	s.footer = newMutedText(fyne.TextAlignCenter, false)
	// With no Back and no step (Done, Unlock) the row takes no room: its empty line stood
	// as a 50 px band above the logo (a first-time user).
	top := container.New(collapsing{layout.NewBorderLayout(nil, nil, s.back, nil), func() bool {
		return !s.back.Visible() && s.step.Text() == ""
	}}, s.step, s.back) // NewBorder's order: the centre, then the sides
	// The banner stands in the text column, where the fields and buttons are: laid at the
	// card's edge it ran 8 px past them on either side (a first-time user).
	s.banner.frame = inTextColumn(s.banner.box)
	s.banner.frame.Hide()
	inside := container.New(rows{}, top, atTextStart(s.logo), s.title, s.subtitle, s.banner.frame, s.body)
	cardBack := newBackground(theme.ColorNameBackground, theme.ColorNameSeparator, 12)
	cardBack.shadow = true
	card := container.NewStack(cardBack, container.New(paddedBy{3}, inside))
	s.col = &column{max: cardWidth, still: true}
	s.cardBox = container.New(s.col, card)
	s.scroll = newFitScroll(s.cardBox)
	s.root = newPanel(theme.ColorNameInputBackground, "", 0, container.NewBorder(nil, s.footer, nil, nil, s.scroll.box))
	return s
}

// setHeader puts the title and subtitle ("" hides it) and whether the logo shows.
func (s *shell) setHeader(title, subtitle string, logo bool) {
	s.title.SetText(title)
	s.subtitle.SetText(subtitle)
	if subtitle == "" {
		s.subtitle.Hide()
	} else {
		s.subtitle.Show()
	}
	if logo {
		s.logo.Show()
	} else {
		s.logo.Hide()
	}
}

// setWide makes the card wide enough for two columns (the confirmation page, whose QR code
// must be in view without scrolling), or back to its usual width.
func (s *shell) setWide(wide bool) {
	s.col.max = cardWidth
	if wide {
		s.col.max = wideCardWidth
	}
	s.col.settle()
	s.cardBox.Refresh()
}

// setBody puts the form in the card and scrolls back to its top.
func (s *shell) setBody(o fyne.CanvasObject) {
	s.body.Objects = []fyne.CanvasObject{o}
	s.col.settle()
	s.body.Refresh()
	s.scroll.ScrollToTop()
}

// collapsing is a layout that takes no room while empty says so, and lays out as its Layout
// otherwise.
type collapsing struct {
	inner fyne.Layout
	empty func() bool
}

func (c collapsing) Layout(objs []fyne.CanvasObject, size fyne.Size) { c.inner.Layout(objs, size) }

func (c collapsing) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if c.empty() {
		return fyne.Size{}
	}
	return c.inner.MinSize(objs)
}

// rows stacks its objects as a VBox does, each at its minimum height and the full width, with
// a padding between them; a collapsing row that is empty gets no padding either, as if it
// were hidden.
type rows struct{}

func (rows) taking(objs []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range objs {
		if c, ok := o.(*fyne.Container); ok {
			if l, ok := c.Layout.(collapsing); ok && l.empty() {
				continue
			}
		}
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

func (r rows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	shown := r.taking(objs)
	for _, o := range shown {
		m := o.MinSize()
		s = fyne.NewSize(fyne.Max(s.Width, m.Width), s.Height+m.Height)
	}
	if len(shown) > 1 {
		s.Height += float32(len(shown)-1) * theme.Padding()
	}
	return s
}

func (r rows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		if o.Visible() {
			o.Resize(fyne.NewSize(size.Width, 0)) // an empty row is laid out, without room
		}
	}
	y := float32(0)
	for _, o := range r.taking(objs) {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + theme.Padding()
	}
}

// paddedBy pads its objects by n theme paddings on every side: the card's generous inside.
type paddedBy struct{ n float32 }

func (p paddedBy) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	pad := 2 * p.n * theme.Padding()
	return s.AddWidthHeight(pad, pad)
}

func (p paddedBy) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := p.n * theme.Padding()
	for _, o := range objs {
		o.Move(fyne.NewPos(pad, pad))
		o.Resize(size.SubtractWidthHeight(2*pad, 2*pad))
	}
}

// primaryGap is the room above a primary button more than the rows' spacing: the full-width
// button read as part of the field above it.
const primaryGap = 8

// textColumn lays out one object in a card's text column: inset, left and right, by a label's
// inner padding, where a label's text starts and ends (a button's face, a logo laid at the
// container's edge stood 8 px left of the text under it), with top px more room above it. A
// filling object is as wide as the text column; another keeps its width, at the text's left.
type textColumn struct {
	top  float32
	fill bool
}

// inTextColumn is o filling the text column; primaryRow is a primary button there, with
// primaryGap above it; atTextStart is o at the text's left edge, its own size.
func inTextColumn(o fyne.CanvasObject) *fyne.Container {
	return container.New(textColumn{fill: true}, o)
}

func primaryRow(o fyne.CanvasObject) *fyne.Container {
	return container.New(textColumn{top: primaryGap, fill: true}, o)
}

func atTextStart(o fyne.CanvasObject) *fyne.Container { return container.New(textColumn{}, o) }

func (c textColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	shown := false
	for _, o := range objs {
		if o.Visible() {
			s, shown = s.Max(o.MinSize()), true
		}
	}
	if !shown {
		return fyne.Size{} // takes no room, as the hidden object would
	}
	inset := theme.InnerPadding()
	if c.fill {
		inset *= 2
	}
	return s.AddWidthHeight(inset, c.top)
}

func (c textColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.InnerPadding()
	for _, o := range objs {
		w := o.MinSize().Width
		if c.fill {
			w = fyne.Max(w, size.Width-2*pad)
		}
		o.Move(fyne.NewPos(pad, c.top))
		o.Resize(fyne.NewSize(w, size.Height-c.top))
	}
}

// bannerKind says what a banner reports; it picks the colour and the icon.
type bannerKind int

const (
	bannerInfo bannerKind = iota
	bannerSuccess
	bannerWarning
	bannerError
)

// banner is the line under the title where the result of the last action shows, with its
// fix as buttons where one exists (Retry, Change address, Use your Backup key…).
type banner struct {
	box     *fyne.Container
	panel   *panel
	icon    *widget.Icon
	text    *widget.Label
	actions *fyne.Container
	kind    bannerKind
	// shown, if set, is told each time the banner is set (the account window keeps the last
	// one set in view while its cards fill in).
	shown func()
	// frame, if set, is the container that places box (the shell's text column): it shows
	// and hides with box, so a hidden banner leaves no spacing in the card's column.
	frame *fyne.Container
}

func newBanner() *banner {
	b := &banner{icon: widget.NewIcon(theme.InfoIcon()), text: widget.NewLabel(""), actions: container.NewHBox()}
	b.text.Wrapping = fyne.TextWrapWord
	b.panel = newBackground(theme.ColorNamePrimary, theme.ColorNamePrimary, 8)
	b.panel.alpha = 0x22
	b.actions.Hide()
	b.box = container.NewStack(b.panel,
		container.NewPadded(container.NewBorder(nil, b.actions, onFirstLine(b.icon), nil, b.text)))
	b.box.Hide()
	return b
}

// show puts a message in the banner ("" hides it); its remedies are the buttons its owner
// put in actions.
func (b *banner) show(kind bannerKind, text string) {
	b.kind = kind
	if text == "" {
		b.hide()
		return
	}
	colour, icon := theme.ColorNamePrimary, theme.InfoIcon()
	switch kind {
	case bannerSuccess:
		colour, icon = theme.ColorNameSuccess, theme.ConfirmIcon()
	case bannerWarning:
		colour, icon = theme.ColorNameWarning, theme.WarningIcon()
	case bannerError:
		colour, icon = theme.ColorNameError, theme.ErrorIcon()
	}
	b.panel.fill, b.panel.stroke = colour, colour
	b.icon.SetResource(icon)
	b.text.SetText(text)
	was := b.box.Visible()
	if b.frame != nil {
		b.frame.Show()
	}
	b.box.Show()
	b.panel.Refresh()
	b.box.Refresh()
	// What an action said is read where it is: a banner set below the window's edge (the
	// account's Security card at 800x600) is scrolled into view. One already shown (a
	// countdown's every second) is where it was: the tree needs no new layout to find it.
	if was {
		reveal(b.box)
	} else {
		revealLaidOut(b.box)
	}
	if b.shown != nil {
		b.shown()
	}
}

func (b *banner) hide() {
	b.text.SetText("")
	b.box.Hide()
	if b.frame != nil {
		b.frame.Hide()
	}
}

// firstLine lays out an icon beside a label, centred on the label's first line of text: at the
// top of a VBox it stood above the text by the label's inner padding (a banner's icon, the Done
// screen's ticks, seen by a first-time user).
type firstLine struct{}

// onFirstLine is icon laid out by firstLine, to sit left or right of a label in a Border.
func onFirstLine(icon fyne.CanvasObject) *fyne.Container { return container.New(firstLine{}, icon) }

// lineSample is measured for the height of a line of text; it is never shown.
const lineSample = "Mg"

// lineHeight is the height of one line of a label: its text and its inner padding.
func (firstLine) lineHeight() float32 {
	return fyne.MeasureText(lineSample, theme.TextSize(), fyne.TextStyle{}).Height + 2*theme.InnerPadding()
}

func (l firstLine) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, l.lineHeight())
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

func (l firstLine) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := l.lineHeight()
	for _, o := range objs {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos((size.Width-m.Width)/2, fyne.Max(0, (h-m.Height)/2)))
	}
}

// busyButton is a primary button that says what it is doing while a call runs ("Signing in…")
// with an activity indicator inside it.
type busyButton struct {
	*button
	idle, busy string
	act        *widget.Activity
	face       *busyFace // over the disabled button while busy: its brand look, legible
	box        *fyne.Container
}

func newBusyButton(label, busy string, tapped func()) *busyButton {
	b := &busyButton{button: newButton(label, tapped), idle: label, busy: busy, act: widget.NewActivity()}
	b.Importance = widget.HighImportance
	b.act.Hide()
	// The indicator at the trailing end, beside the busy words rather than far from them.
	b.face = newBusyFace(b.act)
	b.box = primaryRow(container.NewStack(b.button, b.face.root))
	return b
}

// setBusy shows the busy words and the indicator, or the button's own label.
func (b *busyButton) setBusy(on bool) {
	if on {
		b.SetText(b.busy)
		b.Disable()
		b.face.show(b.busy)
		b.act.Show()
		b.act.Start()
		return
	}
	b.act.Stop()
	b.act.Hide()
	b.face.hide()
	b.SetText(b.idle)
	b.Enable()
}

// waitFor shows the button off and counting down a wait the server asked for ("Try again in
// 28 s"): no call runs meanwhile, so neither the busy words nor the indicator show, which made
// a wait look like a hang. "" gives the button back, with its own label.
func (b *busyButton) waitFor(label string) {
	b.act.Stop()
	b.act.Hide()
	b.face.hide()
	if label == "" {
		b.SetText(b.idle)
		b.Enable()
		return
	}
	b.SetText(label)
	b.Disable()
}

// field is a labelled input with its error under it.
type field struct {
	box *fyne.Container
	err *widget.Label
}

// newField is input under its label, its box in the text column: laid at the container's
// edge, a field's box stood a label's inner padding (8 px) left of its label's text and of the
// buttons, and as far out on the right, so that a card had two left edges. The error under it
// is a label, whose text starts at that same edge.
func newField(label string, input fyne.CanvasObject) *field {
	return newLabelled(label, input, inTextColumn(input))
}

// newLabelled is input, laid out as shown, under its label and over its error.
func newLabelled(label string, input, shown fyne.CanvasObject) *field {
	f := &field{err: widget.NewLabel("")}
	f.err.Importance = widget.DangerImportance
	f.err.Wrapping = fyne.TextWrapWord
	f.err.Hide()
	if n, ok := input.(named); ok {
		n.setName(label) // what a screen reader says for the field is what the eye reads above it
	}

	name := widget.NewLabel(label)
	name.TextStyle.Bold = true
	f.box = container.NewVBox(name, shown, f.err)
	return f
}

// setError shows text under the field ("" clears it).
func (f *field) setError(text string) {
	f.err.SetText(text)
	if text == "" {
		f.err.Hide()
	} else {
		f.err.Show()
	}
}

// link is a small text button under the form ("Need to disable two-step authentication?"):
// a button rather than a hyperlink so that it can be turned off while a call runs.
func link(label string, tapped func()) *button {
	b := newButton(label, tapped)
	b.Importance = widget.LowImportance
	return b
}

// mutedText is secondary text (a subtitle, the step, the footer) in a lighter colour that
// still reads well: Fyne's low-importance label uses the disabled colour, too faint for text
// that is meant to be read.
type mutedText struct {
	*widget.RichText
	seg *widget.TextSegment
}

func newMutedText(align fyne.TextAlign, wrap bool) *mutedText {
	seg := &widget.TextSegment{Style: widget.RichTextStyle{
		Alignment: align, ColorName: theme.ColorNamePlaceHolder, Inline: true, SizeName: theme.SizeNameText,
	}}
	m := &mutedText{RichText: widget.NewRichText(seg), seg: seg}
	// The window draws the mutedText, so its renderer is the one Refresh must reach.
	m.ExtendBaseWidget(m)
	if wrap {
		m.Wrapping = fyne.TextWrapWord
	} else {
		m.Truncation = fyne.TextTruncateEllipsis
	}
	return m
}

// SetText replaces the text. It puts a new segment in: RichText caches what it drew for a
// segment, and a changed segment would leave lines of the old text on screen.
func (m *mutedText) SetText(s string) {
	seg := *m.seg
	seg.Text = s
	m.seg = &seg
	m.Segments = []widget.RichTextSegment{m.seg}
	m.Refresh()
}

// Text is the text shown.
func (m *mutedText) Text() string { return m.seg.Text }
