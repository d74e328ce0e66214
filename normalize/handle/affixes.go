package handle

// builtinAffixes are the words mirror and backup accounts add to a banned
// handle. They are matched through the skeleton, so case, leet, look-alikes
// and doubled letters do not matter (0fficiaI, officiall, OFFICIAL).
var builtinAffixes = []string{
	// English.
	"official", "offical", "officials", "real", "the", "new", "newest", "backup", "bkp", "bckp", "bk",
	"original", "orig", "main", "alt", "account", "acc", "acct", "page", "mirror", "reserve", "spare",
	"archive", "again", "returns", "is", "back", "channel", "tv", "media", "news", "hq", "updates", "update",
	"team", "only", "true", "verified", "1st", "second", "third", "v2", "private", "public", "live",
	// Language tags.
	"urdu", "pashto", "pushto", "english", "eng", "arabic", "farsi", "dari", "ur", "ps", "en", "ar", "fa",
	// Roman Urdu / Pashto.
	"asli", "asal", "asl", "naya", "nya", "nayi", "nai", "sarkari", "rasmi", "dobara", "phir", "wapis",
	// Urdu, Pashto, Persian, Arabic.
	"آفیشل", "آفیشیل", "سرکاری", "رسمی", "رسمي", "الرسمي", "اصلی", "اصلي", "اصل", "نیا", "نئی", "نوی", "جدید",
	"الجديد", "جديد", "بیک اپ", "بیک\u200cاپ", "احتياطي", "الاحتياطي", "احتیاطی", "پیج", "صفحہ", "چینل", "قناة", "اردو", "پښتو",
}
