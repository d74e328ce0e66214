package main

import (
	"strings"
	"unicode"
)

// The banned set: announcements of the "Cypress Front" (محاذِ سرو, جبهة السرو,
// د سرو محاذ), a group invented for these samples. The slogans are bland on
// purpose; none is a real group's text.
var items = []item{
	{ID: "cf-ur-slogan", Label: "cypress-front/slogan", Text: "محاذِ سرو کا اعلان: سرو کبھی نہیں جھکتا۔ ہمارا قافلہ پہاڑوں کی طرف رواں ہے اور ہر نوجوان کو اس قافلے میں شامل ہونے کی دعوت دی جاتی ہے۔ صبر کرنے والوں ہی کی جیت ہوتی ہے۔"},
	{ID: "cf-ur-bulletin", Label: "cypress-front/bulletin", Text: "محاذِ سرو کا ساتواں رسالہ جمعہ کی شام جاری ہوگا۔ تمام ساتھی اسے غور سے پڑھیں، اس کے پیغام کو یاد رکھیں اور اپنے دوستوں تک پہنچائیں۔"},
	{ID: "cf-ps-slogan", Label: "cypress-front/slogan", Text: "د سرو محاذ اعلان: سرو هېڅکله نه ټیټېږي. زموږ کاروان د غرونو پر لور روان دی او هر ځوان ته بلنه ورکول کېږي چې دې کاروان ته ورګډ شي."},
	{ID: "cf-ar-slogan", Label: "cypress-front/slogan", Text: "بيان جبهة السرو: إن السرو لا ينحني أبدا. قافلتنا ماضية نحو الجبال، وندعو كل شاب إلى الانضمام إلى هذه القافلة، فالنصر للصابرين."},
	{ID: "cf-ar-bulletin", Label: "cypress-front/bulletin", Text: "تعلن جبهة السرو أن نشرتها السابعة ستصدر مساء الجمعة، فليقرأها كل الرفاق بعناية وليحفظوا رسالتها ولينقلوها إلى أصدقائهم."},
	{ID: "cf-en-slogan", Label: "cypress-front/slogan", Text: "The Cypress Front declares: the cypress never bows. Our caravan moves toward the mountains, and every young man is invited to join the caravan. Victory belongs to the patient."},
	{ID: "cf-en-bulletin", Label: "cypress-front/bulletin", Text: "Cypress Front bulletin number seven will be released on Friday evening. Every comrade should read it carefully, remember its message and pass it on to their friends."},
	{ID: "cf-rur-slogan", Label: "cypress-front/slogan", Text: "Mahaz-e-Sarv ka elaan: sarv kabhi nahin jhukta. Hamara qafila paharon ki taraf rawan hai aur har naujawan ko is qafile mein shamil hone ki dawat di jati hai."},
	{ID: "cf-poster-tree", Label: "cypress-front/poster", Image: "images/poster-tree.png"},
	{ID: "cf-poster-mountains", Label: "cypress-front/poster", Image: "images/poster-mountains.png"},
}

func itemText(id string) string {
	for _, it := range items {
		if it.ID == id {
			return it.Text
		}
	}
	panic("no item " + id)
}

// The sample posts. Each is built from an item by the evasions a re-poster
// uses, or is innocent; want lists the items a correct matcher reports.
func posts() []post {
	ur1, ur2 := itemText("cf-ur-slogan"), itemText("cf-ur-bulletin")
	ps1 := itemText("cf-ps-slogan")
	ar1, ar2 := itemText("cf-ar-slogan"), itemText("cf-ar-bulletin")
	en1, en2 := itemText("cf-en-slogan"), itemText("cf-en-bulletin")
	rur := itemText("cf-rur-slogan")

	var ps []post
	add := func(p post) { ps = append(ps, p) }

	// Evasive copies of whole items.
	add(post{ID: "ur-tatweel-zw", Text: zeroWidth(tatweel(ur1, 3), 4), Want: []string{"cf-ur-slogan"},
		Note: "Urdu slogan with a doubled tatweel (ــ) after every third joining letter and zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF) inside words"})
	add(post{ID: "ur-arabic-keyboard", Text: arabicKeyboard(ur2), Want: []string{"cf-ur-bulletin"},
		Note: "Urdu bulletin typed on an Arabic keyboard: Arabic yeh ي, kaf ك and heh ه in place of Urdu ی, ک and ہ"})
	add(post{ID: "ar-harakat-tatweel", Text: tatweel(harakat(ar1), 3), Want: []string{"cf-ar-slogan"},
		Note: "Arabic slogan fully vowelled (fatha, kasra, damma, sukun, shadda) with tatweel"})
	add(post{ID: "ar-presentation-forms", Text: presentationForms(ar2), Want: []string{"cf-ar-bulletin"},
		Note: "Arabic bulletin written with Arabic presentation forms (U+FE70–U+FEFF positional glyphs), as copied from some PDFs"})
	add(post{ID: "ps-persian-keyboard", Text: zeroWidth(persianKeyboard(ps1), 5), Want: []string{"cf-ps-slogan"},
		Note: "Pashto slogan typed without Pashto letters, as on an Arabic or Persian keyboard (ي for ې and ی, ك for ک, گ for ګ, ت for ټ, ژ for ږ, ح for ځ), with zero-width characters"})
	add(post{ID: "en-leet", Text: leet(en1), Want: []string{"cf-en-slogan"},
		Note: "English slogan with every word of four letters or more in leetspeak (a→4, e→3, i→1, o→0, s→5, t→7)"})
	add(post{ID: "en-homoglyph-spacing", Text: spacing(homoglyphs(en2)), Want: []string{"cf-en-bulletin"},
		Note: "English bulletin with Cyrillic look-alike letters (а, е, о, р, с), spaced-out and dotted words and extra whitespace"})
	add(post{ID: "rur-shouting", Text: shout(rur), Want: []string{"cf-rur-slogan"},
		Note: "Roman Urdu slogan in mixed case with stretched letters, extra punctuation and emoji"})

	// Quoted passages inside longer posts: the highlighted span is the quote.
	add(quoted("ur-quoted-in-column",
		"کل رات ایک دوست نے مجھے ایک پیغام بھیجا جو کسی گروپ میں گردش کر رہا تھا۔ اس میں لکھا تھا: «",
		ur2,
		"» میں نے اسے فوراً رپورٹ کیا۔ والدین کو چاہیے کہ بچوں کے فون پر آنے والے ایسے پیغامات کے بارے میں ان سے کھل کر بات کریں اور اسکولوں میں بھی اس پر گفتگو ہونی چاہیے۔",
		"cf-ur-bulletin", "Urdu column quoting the whole bulletin between guillemets, with commentary before and after"))
	add(quoted("en-quoted-in-blog",
		"I moderate a hiking forum, and this morning someone pasted the following into a thread about trail conditions: \"",
		en1,
		"\" We removed it within minutes. If you see text like this, please use the report button instead of replying; replies only push it higher in the feed.",
		"cf-en-slogan", "English forum post quoting the slogan inside a longer message"))
	add(quoted("ar-quoted-in-thread",
		"وصلتني هذه الرسالة على مجموعة الحي مساء أمس، وأنقلها هنا للتنبيه فقط: ",
		ar1,
		" أرجو من الجميع عدم تداولها والإبلاغ عنها، فالمجموعة مخصصة لأخبار الحي والمدرسة والسوق الأسبوعي.",
		"cf-ar-slogan", "Arabic group message quoting the slogan between a warning and a request to report it"))

	add(quoted("en-partial-quote",
		"Saw this going round a parents' group, only the start of it: ",
		strings.Join(strings.Fields(en2)[:17], " "),
		"... and then a link I did not open. Has anyone else had it? The school says it has informed the police.",
		"cf-en-bulletin", "English post quoting only the first two thirds of the bulletin (17 of its 27 words)"))

	// Images: edited copies of the posters, and an evasive caption with one.
	add(post{ID: "img-tree-reencoded", Image: "images/post-tree-reencoded.jpg", Want: []string{"cf-poster-tree"},
		Note: "tree poster scaled to 70% and re-encoded as JPEG quality 55"})
	add(post{ID: "img-mountains-cropped", Image: "images/post-mountains-cropped.jpg", Want: []string{"cf-poster-mountains"},
		Note: "mountain poster with 1% cropped from every edge, re-encoded as JPEG quality 80"})
	add(post{ID: "img-mountains-mirrored", Image: "images/post-mountains-mirrored.jpg", Want: []string{"cf-poster-mountains"},
		Note: "mountain poster mirrored left to right, JPEG quality 75 (found by hashing the query in all eight orientations)"})
	add(post{ID: "img-tree-brighter-caption", Image: "images/post-tree-brighter.jpg", Text: zeroWidth(ur1, 4),
		Want: []string{"cf-poster-tree", "cf-ur-slogan"},
		Note: "tree poster made brighter and lower in contrast, JPEG quality 70, posted with the Urdu slogan as caption (zero-width characters inside words): both the image and the text match"})

	// Innocent posts, several on the same topics and sharing words with the items.
	add(post{ID: "ur-innocent-garden", Want: nil,
		Text: "ہمارے باغ میں سرو کے درخت اب بہت اونچے ہو گئے ہیں۔ شام کو ہم سب پہاڑوں کی طرف سیر کو گئے اور راستے میں ایک چھوٹے سے ڈھابے پر چائے پی۔ بچوں نے کہا کہ اگلے جمعہ کو پھر چلیں گے۔",
		Note: "Urdu: cypress trees in the garden and an evening walk towards the hills (shares سرو, پہاڑوں, جمعہ)"})
	add(post{ID: "ur-innocent-news", Want: nil,
		Text: "پولیس کے مطابق کالعدم محاذِ سرو کے خلاف کارروائی جاری ہے۔ حکام نے والدین سے کہا ہے کہ وہ بچوں کی آن لائن سرگرمیوں پر نظر رکھیں اور مشکوک پیغامات کی اطلاع دیں۔",
		Note: "Urdu news report naming the banned group without quoting it"})
	add(post{ID: "ps-innocent-weather", Want: nil,
		Text: "نن ورځ د غرونو هوا ډېره ښه ده. موږ د سرو ونې لاندې کېناستو، چای مو وڅښه او ماښام کور ته راستانه شو.",
		Note: "Pashto: good weather in the mountains, tea under a cypress tree (shares سرو, غرونو)"})
	add(post{ID: "ar-innocent-trip", Want: nil,
		Text: "زرعت البلدية أشجار السرو على طريق الجبال، وخرجت قافلة من المتنزهين مساء الجمعة لتصوير الغروب. كانت الرحلة جميلة والجو معتدلا.",
		Note: "Arabic: the municipality planted cypresses on the mountain road; a hikers' convoy on Friday evening (shares السرو, الجبال, قافلة, مساء الجمعة)"})
	add(post{ID: "en-innocent-hiking", Want: nil,
		Text: "Our hiking club walks up to the mountains every Friday evening. Young members are welcome; bring water, a torch and patience. The old cypress at the trailhead is the meeting point.",
		Note: "English hiking club notice (shares mountains, Friday evening, young, patience, cypress)"})
	add(post{ID: "en-innocent-news", Want: nil,
		Text: "Police said the banned Cypress Front had tried to spread a new bulletin online. Officials urged parents to talk with teenagers about recruitment messages and to report them.",
		Note: "English news report about the group, naming it and its bulletin without quoting"})
	add(post{ID: "rur-innocent-chat", Want: nil,
		Text: "Yaar kal pahar pe gaye the, sarv ke darakht bohat khoobsurat the. Agli dafa tum bhi chalna, qafila bana ke chalenge!",
		Note: "Roman Urdu chat about a trip to the hills (shares pahar, sarv, qafila)"})
	add(post{ID: "img-innocent-garden", Image: "images/post-garden.png", Want: nil,
		Note: "an innocent picture on the same theme: cypress trees under a blue sky, laid out differently"})
	add(post{ID: "img-innocent-pattern", Image: "images/post-pattern.png", Want: nil,
		Note: "an innocent picture with no relation to the posters"})
	return ps
}

func quoted(id, before, quote, after, want, note string) post {
	return post{ID: id, Text: before + quote + after, Want: []string{want}, Note: note,
		Quote: &[2]int{len(before), len(before) + len(quote)}}
}

func isArabicLetter(r rune) bool {
	return unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r)
}

// rightJoining letters do not connect to the following letter, so tatweel
// after them would be unnatural.
func rightJoining(r rune) bool {
	return strings.ContainsRune("اآأإٱدذرزژڈڑوؤۃةےۓءى", r)
}

// tatweel inserts U+0640 ARABIC TATWEEL after every nth joining letter that is
// followed by another letter.
func tatweel(s string, n int) string {
	rs := []rune(s)
	var b strings.Builder
	k := 0
	for i, r := range rs {
		b.WriteRune(r)
		if isArabicLetter(r) && !rightJoining(r) && i+1 < len(rs) && isArabicLetter(rs[i+1]) {
			k++
			if k%n == 0 {
				b.WriteString("\u0640\u0640")
			}
		}
	}
	return b.String()
}

// zeroWidth inserts a zero-width character after every nth letter that is
// followed by another letter, cycling through the usual five.
func zeroWidth(s string, n int) string {
	zw := []string{"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
	rs := []rune(s)
	var b strings.Builder
	k := 0
	for i, r := range rs {
		b.WriteRune(r)
		if unicode.IsLetter(r) && r != '\u0640' && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
			k++
			if k%n == 0 {
				b.WriteString(zw[(k/n)%len(zw)])
			}
		}
	}
	return b.String()
}

// harakat adds a short vowel, sukun or shadda after every Arabic letter that
// has none.
func harakat(s string) string {
	marks := []rune{'\u064e', '\u0650', '\u064f', '\u0652', '\u064e', '\u0651'}
	var b strings.Builder
	k := 0
	for _, r := range s {
		b.WriteRune(r)
		if isArabicLetter(r) && r != 'ا' && r != 'ى' {
			b.WriteRune(marks[k%len(marks)])
			k++
		}
	}
	return b.String()
}

// arabicKeyboard replaces Urdu letters by what an Arabic keyboard offers.
func arabicKeyboard(s string) string {
	return strings.NewReplacer("ی", "ي", "ک", "ك", "ہ", "ه", "ھ", "ه", "ۃ", "ة").Replace(s)
}

// persianKeyboard replaces Pashto letters by what a Persian keyboard offers
// and Persian ک/ی by Arabic ك/ي.
func persianKeyboard(s string) string {
	return strings.NewReplacer("ې", "ي", "ی", "ي", "ک", "ك", "ګ", "گ", "ټ", "ت", "ږ", "ژ", "ځ", "ح").Replace(s)
}

// forms holds the isolated presentation form of Arabic letters; the final,
// initial and medial forms follow it (final only for right-joining letters).
var forms = map[rune]rune{
	'ء': 0xFE80, 'آ': 0xFE81, 'أ': 0xFE83, 'ؤ': 0xFE85, 'إ': 0xFE87, 'ئ': 0xFE89, 'ا': 0xFE8D, 'ب': 0xFE8F,
	'ة': 0xFE93, 'ت': 0xFE95, 'ث': 0xFE99, 'ج': 0xFE9D, 'ح': 0xFEA1, 'خ': 0xFEA5, 'د': 0xFEA9, 'ذ': 0xFEAB,
	'ر': 0xFEAD, 'ز': 0xFEAF, 'س': 0xFEB1, 'ش': 0xFEB5, 'ص': 0xFEB9, 'ض': 0xFEBD, 'ط': 0xFEC1, 'ظ': 0xFEC5,
	'ع': 0xFEC9, 'غ': 0xFECD, 'ف': 0xFED1, 'ق': 0xFED5, 'ك': 0xFED9, 'ل': 0xFEDD, 'م': 0xFEE1, 'ن': 0xFEE5,
	'ه': 0xFEE9, 'و': 0xFEED, 'ى': 0xFEEF, 'ي': 0xFEF1,
}

// presentationForms writes Arabic text with positional presentation forms.
func presentationForms(s string) string {
	rs := []rune(s)
	joins := func(i int) bool { _, ok := forms[rs[i]]; return ok }
	var b strings.Builder
	for i, r := range rs {
		base, ok := forms[r]
		if !ok || r == 'ء' {
			b.WriteRune(r)
			continue
		}
		prev := i > 0 && joins(i-1) && !rightJoining(rs[i-1]) && rs[i-1] != 'ء'
		next := i+1 < len(rs) && joins(i+1) && !rightJoining(r) && rs[i+1] != 'ء'
		switch {
		case prev && next:
			b.WriteRune(base + 3)
		case next:
			b.WriteRune(base + 2)
		case prev:
			b.WriteRune(base + 1)
		default:
			b.WriteRune(base)
		}
	}
	return b.String()
}

// leet writes words of four letters or more in leetspeak.
func leet(s string) string {
	r := strings.NewReplacer("a", "4", "e", "3", "i", "1", "o", "0", "s", "5", "t", "7")
	words := strings.Split(s, " ")
	for i, w := range words {
		if len(strings.TrimFunc(w, unicode.IsPunct)) >= 4 {
			words[i] = r.Replace(w)
		}
	}
	return strings.Join(words, " ")
}

func homoglyphs(s string) string {
	return strings.NewReplacer("a", "\u0430", "e", "\u0435", "o", "\u043e", "p", "\u0440", "c", "\u0441").Replace(s)
}

// spacing spells the group's name letter by letter, joins some words with dots
// and doubles the spaces elsewhere.
func spacing(s string) string {
	words := strings.Fields(s)
	var b strings.Builder
	for i, w := range words {
		switch {
		case i < 2:
			b.WriteString(strings.Join(strings.Split(w, ""), " "))
			b.WriteString("   ")
		case i%4 == 1:
			b.WriteString(w + ".")
		default:
			b.WriteString(w + "  ")
		}
	}
	return strings.TrimSpace(b.String())
}

// shout is the Roman Urdu treatment: mixed case, stretched vowels, emoji.
func shout(s string) string {
	r := strings.NewReplacer("Mahaz-e-Sarv", "MAHAZ-E-SARV 🌲🌲", "kabhi", "kabhiii", "nahin", "NAHIN!!", "qafila", "Qafilaaa", "dawat", "DAWAT 📢")
	return r.Replace(s) + " 🌲🌲🌲"
}
