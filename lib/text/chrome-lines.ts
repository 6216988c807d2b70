/**
 * Lines that sit inside an article but are not its story: breadcrumbs ("World › Asia"), tag
 * lines ("Topics: Vietnam, Russia"), bylines ("By Ana Ferreira · 3 July 2024"), photo
 * credits, time stamps, advertisement labels and paywall calls. Readability keeps them (they
 * are inside the article element), and scraped or pasted text carries them too; left in,
 * they were aligned to a source's sentences and shown to the reader as passages taken.
 * Read by the extraction (lib/extract) and by the text stage (boilerplate.ts).
 */

const TERMINAL = /[.!?。！？…"'”’»)]$/u;
// Separators of a trail of sections: › » > / | → with spaces around.
const TRAIL = /\s[›»>/|→]\s/u;
// "Topics:", "Themen:", "Sujets :", "Temas:", "Argomenti:", "Теги:", and "Read also:" lines in the same languages;
// a link to another story is also set in brackets ("[Read: ...]") or called "Read:", "Lire :", "Learn more:".
const TAG_LINE =
  /^[[(]?(?:related\s+)?(?:related|topics?|tags?|filed under|more on|categories|keywords|see more|read(?: also| more)?|learn more|themen|schlagw\u00f6rter|mehr zum thema|lesen sie (?:auch|mehr)|sujets?|mots[- ]cl\u00e9s|(?:\u00e0 )?lire(?: aussi)?|temas?|etiquetas|lee (?:tambi\u00e9n|m\u00e1s)|leia (?:tamb\u00e9m|mais)|t\u00f3picos|argomenti|leggi anche|trefwoorden|lees ook|\u0442\u0435\u0433\u0438|\u0442\u0435\u043c\u044b|\u0447\u0438\u0442\u0430\u0439\u0442\u0435 \u0442\u0430\u043a\u0436\u0435)\s*:/iu;
// Photo and source credits: "Photo:", "Foto:", "Bild:", "Quelle:", "Crédit :", "Fuente:", "Фото:".
const CREDIT =
  /^(?:photo(?:graph)?|image|picture|video|credit|source|illustration|foto(?:grafie|graf\u00eda)?|bild|quelle|cr\u00e9dits?|imagen|fuente|fonte|immagine|\u0444\u043e\u0442\u043e|\u0438\u0441\u0442\u043e\u0447\u043d\u0438\u043a)s?\s*:/iu;
// An agency's credit under a photo, without a label: "ANNA SMITH/AFP/Getty Images", "(Photo by Tom Rowe/Reuters)".
const AGENCY_CREDIT =
  /^\(?[^.!?/]{0,40}(?:\/\s*[^.!?/]{1,30}\s*)*\/\s*(?:getty images|afp|reuters|ap(?: photo)?|epa(?:-efe)?|shutterstock|bloomberg|alamy|pa(?: wire| images)?|xinhua|anadolu(?: agency)?|sipa|abaca)\)?$/iu;
// "By", "Von", "Par", "Por", "Door", "Av" and a name.
const BYLINE = /^(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|[Aa]v)\s+\p{Lu}/u;
// An advertisement's label or a paywall's call, alone on a line: "Advertisement", "Anzeige",
// "Publicité", "Story continues below advertisement", "Subscribe to continue reading".
const NOTICE =
  /^(?:advertisement|advert|iklan|sponsored|anzeige|werbung|publicit\u00e9|publicidad|pubblicit\u00e0|\u0440\u0435\u043a\u043b\u0430\u043c\u0430|(?:the )?(?:story|article) continues below(?: (?:this )?(?:advertisement|ad))?|scroll to continue(?: with content)?|continue reading(?: below| the main story)?|(?:subscribe|sign up|sign in|log in|register)(?: now)?(?: (?:to|for))? (?:continue|keep|read|unlock|get|unlimited|full|access)\b.*|already (?:a subscriber|have an account)\b.*|this (?:article|story|content) is (?:only )?(?:for|available to) (?:subscribers|members)\b.*|a version of this article appears in print\b.*)$/iu;
// A live page's time stamps and labels: "8:00 Update", "Updated 10:32 GMT", "12.15pm ET", "2 hours ago".
const TIME_STAMP =
  /^(?:(?:updated|posted|published|last updated)\s*:?\s*)?(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?|\d+\s*(?:min(?:ute)?s?|h(?:ours?|rs?)?|days?)\s+ago)(?:\s+(?:update[ds]?|updated|breaking|new|pinned|live))?$/i;

// A dateline alone on its line: "Mar. 4, 2024", "Last updated July 3, 2024", "7/3/2024 9:41 AM
// PDT BY GAZETTE STAFF", "Gazette (Kellmouth) First published July 3, 2024: 9:41 AM ET" (words
// before the date only with such a label: "Signed into law June 5, 2019" is a line of the
// story). Month names by their first letters in English, German, French, Spanish, Italian,
// Portuguese and Dutch, as lib/extract/chrome.ts reads a byline's date.
const MONTH =
  '(?:jan|feb|f\u00e9v|fev|m\u00e4r|mar|maa|apr|avr|abr|ma[iy]|mag|mei|jun|juin|giu|jul|juil|lug|aug|ao\u00fb|aou|ago|sep|set|o[ck]t|ott|out|nov|de[cz]|d\u00e9c|dic|ene|gen)\\p{L}*\\.?';
const DATE = `(?:\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th|\\.)?\\s+(?:de\\s+)?${MONTH},?\\s+(?:de\\s+)?\\d{4})`;
const CLOCK = '(?:,?\\s*(?:at\\s+|\u00e0\\s+|-\\s+|:\\s+)?\\d{1,2}[:.h]\\d{2}(?:\\s*[ap]\\.?m\\.?)?(?:\\s+[A-Z]{2,5})?)?';
const DATE_LINE = new RegExp(
  `^(?:(?:[^.!?]{0,40}?\\s)?(?:(?:first |last )?(?:updated|posted|published)(?: on)?|aktualisiert(?: am)?|ver\u00f6ffentlicht(?: am)?|publi\u00e9 le|mis \u00e0 jour le|actualizado|publicado)\\s*:?\\s*)?(?:le\\s+)?${DATE}${CLOCK}(?:\\s+by\\s+[^.!?]{1,40})?$`,
  'iu',
);
// The same in Chinese and Japanese: a source's name of a few characters at most before it.
const CJK_DATE_LINE = /^[^\s。！？!?]{0,12}\d{4}年\d{1,2}月\d{1,2}日\s*(?:\d{1,2}[:：]\d{2})?$/u;

// Month names written out or cut short, in the languages MONTH reads, as whole words: MONTH's
// first letters alone would take "Marines 12" for a date.
const NAMED_MONTH =
  '(?<!\\p{L})(?:jan(?:uary|uar|vier|eiro|uari)?|janv|j\u00e4n(?:ner)?|feb(?:ruary|ruar|rero|braio|ruari)?|f\u00e9v(?:rier)?|fevr?|fevereiro|mar(?:ch|zo|\u00e7o|s)?|m\u00e4rz?|maart|mrt|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|ma[iy]|mayo|maio|mag(?:gio)?|mei|jun[ei]?|juin|junio|junho|giu(?:gno)?|jul[iy]?|juil(?:let)?|julio|julho|lug(?:lio)?|aug(?:ust|ustus)?|ao\u00fbt|ago(?:sto)?|sept?(?:ember|tembre|tiembre)?|set(?:tembre|embro)?|o[ck]t(?:ober|obre|ubre)?|ott(?:obre)?|out(?:ubro)?|nov(?:ember|embre|embro)?|de[cz](?:ember|embre|embro)?|d\u00e9c(?:embre)?|dic(?:iembre|embre)?|ene(?:ro)?|gennaio)\\.?(?!\\p{L})';
const NAMED_DATE = `(?:\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|${NAMED_MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?(?![\\d:.])|\\d{1,2}(?:st|nd|rd|th|\\.)?\\s+(?:de\\s+)?${NAMED_MONTH}(?:,?\\s+(?:de\\s+)?\\d{4})?)`;
// A time of day: "9:41", "10h32", and "12.15" only before am, pm or Uhr ("-12.99" is a price's change).
const CLOCK_TIME = '(?<!\\d)(?:[01]?\\d|2[0-3])(?::[0-5]\\d|h[0-5]\\d|\\.[0-5]\\d(?=\\s*(?:[ap]\\.?\\s?m\\b|uhr)))';
// A wire story's byline, which the agency writes without "By" and every paper that runs the
// story prints as is: "Tom Rowe, AP Business Writer", "Ana Ferreira and Tom Rowe, Associated
// Press", and the agency's name alone on its line ("Associated Press", "Reuters", "Kellmouth
// News wire services").
const AGENCY =
  '(?:[Tt]he\\s+)?(?:[Aa]ssociated\\s+[Pp]ress|ASSOCIATED\\s+PRESS|A[Pp]|Reuters|REUTERS|AFP|Agence\\s+France-Presse|Bloomberg(?:\\s+News)?|dpa|DPA|EFE|ANSA|UPI|Xinhua|PA\\s+Media|Press\\s+Association)';
// A name as a byline writes it: capitalised words, with the particles of names between them.
const NAME = "\\p{Lu}[\\p{L}'\u2019.-]*(?:\\s+(?:\\p{Lu}[\\p{L}'\u2019.-]*|de|da|van|von|der|bin|al|el|la|le|di|du|dos))*";
const NAMES = `(?:${NAME}(?:\\s*,\\s*|\\s+(?:and|&)\\s+))*${NAME}`;
const ROLE = '(?:[Ww]riters?|WRITERS?|[Cc]orrespondents?|CORRESPONDENTS?|[Rr]eporters?|REPORTERS?|[Ee]ditors?|EDITORS?)';
const WIRE_BYLINE = new RegExp(`^${NAMES}\\s*,\\s*${AGENCY}(?:(?:\\s+\\p{Lu}\\p{L}*){0,3}\\s+${ROLE})?$`, 'u');
const AGENCY_ALONE = new RegExp(`^(?:${AGENCY}|(?:\\p{Lu}\\p{L}*\\s+){1,3}[Ww]ire\\s+[Ss]ervices?)$`, 'u');
// The credits under a wire story: "Reporting by Ana Ferreira; additional reporting by Tom Rowe
// in Lisbon; Editing by Jo Bell", "(Writing by Ana Ferreira, editing by Jo Bell.)". With the
// "... by" labels, the names and the places taken out, nothing is left.
const CREDIT_START = /^[([]?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\s+\p{Lu}/iu;
const CREDIT_LABEL =
  /(?<!\p{L})(?:(?:additional|with|and)\s+)*(?:reporting|writing|editing|compiled|compiling|research|graphics|fact-checking)(?:\s+and\s+\p{L}+)?\s+by(?!\p{L})|(?<!\p{L})(?:in|from|and|with)(?!\p{L})/giu;
const CREDIT_NAME = new RegExp(NAME, 'gu');
// "Ana Ferreira contributed to this report.", "Associated Press writers Ana Ferreira and Tom Rowe
// contributed to this report.", "Tom Rowe contributed reporting from Lisbon.": names (and the
// word for what they are) before it, so that "The money contributed to this report." stays.
const CONTRIBUTED = new RegExp(
  `^(?:${NAME}\\s+(?:${ROLE}|staff)\\s+)?${NAMES}\\s+contributed\\s+(?:to\\s+(?:this|the)\\s+(?:report|story|article)|(?:additional\\s+)?reporting(?:\\s+(?:from|in)\\s+${NAMES})?)\\.?\\)?$`,
  'u',
);

// A photo's caption set as a paragraph, known by the credit it ends with: "... outside the town
// hall on Monday. (AP Photo/Ana Ferreira, File)", "The old pier at low tide (Image: GETTY)",
// "(Photo by Tom Rowe/Reuters)". A caption describes a picture, not the story, however many
// sentences it has (figcaption is left out for the same reason).
const PHOTO_CREDIT_END =
  /\(\s*(?:(?:AP|Reuters|AFP|EPA|PA|Getty|Xinhua|Bloomberg)\s+(?:photo(?:graph)?|image|picture|foto|bild)s?(?:\s*(?:\/|:|by)\s*[^()]{1,80})?|(?:photo(?:graph)?|image|picture|foto|bild)s?\s*(?:\/|:|by)\s*[^()]{1,80})\)$|\((?:[^()]{1,40}\/\s*)?(?:getty images|shutterstock)\)$/iu;

/** A photo's caption, which ends with the photo's credit in brackets (up to 60 words). */
export function isCaptionLine(p: string): boolean {
  return words(p) <= 60 && PHOTO_CREDIT_END.test(p.trim());
}

// The labels of a page's buttons and players, alone on a line: "Media playback is unsupported
// on your device" (every BBC page with a video), "This slideshow requires JavaScript.", a photo
// viewer's "Caption" and "Close", "Enlarge image", "Read more", "Skip to content", "View author
// archive", "Order reprints", "Print article", "Text size", "Loading content ...".
const WIDGET =
  /^(?:media playback is (?:unsupported|not supported) on your device|this (?:slideshow|video|content) requires javascript|caption|close|enlarge(?: this)? image|read more|skip to (?:main )?content|view author archive|e-?mail the author|order reprints|print article|text size|loading(?: content)?|comments?|sign in|log in)$/iu;
// A gallery's counter ("Image 1 of 9"), BBC's photo credit and caption labels ("Image copyright
// Getty Images", "Image caption The pier at low tide").
const GALLERY = /^(?:image|photo|picture|slide|foto|bild)\s+\d+\s+(?:of|von|de|sur|di)\s+\d+$/iu;
const MEDIA_LABEL = /^(?:image|media|photo|video) (?:copyright|caption)\b/iu;

// A share bar read as text: "Share Tweet Submit", "Whatsapp Facebook Pin Email", two or more of
// the networks' and buttons' names and nothing else.
const SHARE_BAR =
  /^(?:(?:share|tweet|submit|pin|pint|email|e-mail|print|whatsapp|facebook|twitter|linkedin|reddit|telegram|flipboard|pinterest|messenger|sms|copy link|baixar|compartilhar|compartir|partager|teilen|condividi)\s*){2,}$/iu;

// A line of time stamps as news sites print them above or below a story, in any order and
// joined by separators: "Published 11:11 PM EST Nov 19, 2019", "PUBLISHED: 10:48, Tue, Nov 19,
// 2019 | UPDATED: 11:05, Tue, Nov 19, 2019", "Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM",
// "First Published: Tuesday, November 19, 2019 08:38 AM", "sexta-feira, 22 de outubro de 2010
// às 20:13". DATE_LINE wants the date first and one label before it; these put the time first,
// the weekday in, or two stamps on the line, and stayed in the article's words. A line is a
// stamp when, with its dates, times, weekdays, zones, labels and separators taken out, nothing
// is left: "Signed into law June 5, 2019" keeps its words and stays.
const STAMP_PARTS = [
  new RegExp(NAMED_DATE, 'giu'),
  new RegExp(`${CLOCK_TIME}(?::[0-5]\\d)?(?:\\s*[ap]\\.?\\s?m\\b\\.?)?|\\d{1,2}\\s*[ap]\\.?m\\b\\.?`, 'giu'),
  /(?:first |last )?(?:published|updated|posted|original|modified|aktualisiert|ver\u00f6ffentlicht|publi\u00e9|mis \u00e0 jour|actualizado|publicado|atualizado)(?:\s+(?:on|am|le|el|em|en))?/giu,
  /(?:segunda|ter\u00e7a|quarta|quinta|sexta)-feira|s\u00e1bado|domingo|lunes|martes|mi\u00e9rcoles|jueves|viernes|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|(?<!\p{L})(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?(?!\p{L})/giu,
  /(?<!\p{L})(?:[ECMPA][SD]?T|GMT|UTC|BST|CES?T|HST|AKST|IST|JST|AEST|AEDT|MSK)(?!\p{L})/gu,
  /(?<!\p{L})(?:at|on|\u00e0s|\u00e0|um|uhr|de)(?!\p{L})/giu,
];
const STAMP_VALUE = new RegExp(`${NAMED_DATE}|${CLOCK_TIME}`, 'iu');

/** Whether a line holds time stamps and nothing else. */
export function isStampLine(p: string): boolean {
  if (!STAMP_VALUE.test(p)) return false;
  let rest = p;
  for (const part of STAMP_PARTS) rest = rest.replace(part, ' ');
  return /^[\s|;/\\\u00b7\u2022,.:()\-\u2013\u2014]*$/u.test(rest);
}

/**
 * A byline with the stamps after it: "By Kellmouth Staff | July 3, 2024 at 9:41 AM BST - Updated
 * July 3 at 11:02 AM", "By Ana Ferreira and Tom Rowe Wednesday, July 3, 2024, 09:41 am BST". The
 * names run up to ten words; what follows them is stamps and nothing else.
 */
function isBylineWithStamp(p: string, n: number): boolean {
  if (n > 30 || !BYLINE.test(p)) return false;
  const starts = [...p.matchAll(/\s\S/gu)].map((m) => m.index + 1).slice(1, 11);
  return starts.some((i) => isStampLine(p.slice(i)));
}

// The same lines in Chinese, Japanese and Korean, which the rules above never read: the editor,
// author, reporter, original headline, source and photo credit ("责任编辑:", "原标题:", "图注:",
// "写真:", "사진="), a caption ("图为..."), a share line ("分享到") and a notice that forbids
// reprinting ("不得转载", "無断転載", "무단전재"). Without spaces to count words by, such a line
// is held to 100 characters: a paragraph of the story runs longer.
const CJK_LABEL =
  /^[[【(（]?\s*(?:责任编辑|責任編輯|编辑|編輯|原标题|原標題|来源|來源|图注|圖註|图片来源|圖片來源|作者|记者|記者|摄影|攝影|出品|写真|出典|関連記事|相关阅读|相關閱讀|延伸阅读|延伸閱讀|사진|출처)\s*[:：=＝\-－]/u;
const CJK_LINE = /^(?:图为|圖為|分享到|分享至|转播到)|(?:不得|禁止)(?:转载|轉載)|版权所有|版權所有|無断(?:転載|複製)|무단\s*(?:전재|배포)/u;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Whether one paragraph of an article's content element is site chrome rather than article text. */
export function isChromeLine(paragraph: string): boolean {
  const p = paragraph.trim();
  const n = words(p);
  if (n <= 12 && !TERMINAL.test(p) && TRAIL.test(p)) return true;
  if (n <= 25 && (TAG_LINE.test(p) || CREDIT.test(p))) return true;
  if (n <= 10 && AGENCY_CREDIT.test(p)) return true;
  if (isCaptionLine(p)) return true;
  // A byline names people and maybe a date, with no sentence after it.
  if (n <= 14 && BYLINE.test(p) && (!TERMINAL.test(p) || /[·|•]/.test(p))) return true;
  // Left in, a live blog's stamps made a verbatim copy of it 92-95% "taken" where 100% is true.
  if (n <= 6 && TIME_STAMP.test(p)) return true;
  if (n <= 14 && (DATE_LINE.test(p) || CJK_DATE_LINE.test(p))) return true;
  if (n <= 24 && isStampLine(p)) return true;
  if (isBylineWithStamp(p, n)) return true;
  if (n <= 16 && !TERMINAL.test(p) && (WIRE_BYLINE.test(p) || AGENCY_ALONE.test(p))) return true;
  if (n <= 60 && CREDIT_START.test(p) && /^[\s,;.()[\]&]*$/u.test(p.replace(CREDIT_LABEL, ' ').replace(CREDIT_NAME, ' '))) return true;
  if (n <= 40 && CONTRIBUTED.test(p)) return true;
  if (p.length <= 100 && (CJK_LABEL.test(p) || CJK_LINE.test(p))) return true;
  // A paywall's lines made a verbatim copy 79-84% "taken"; a call that runs on is a sentence.
  if (n <= 20 && NOTICE.test(p.replace(/[.!:…]+$/u, ''))) return true;
  if ((n <= 8 && GALLERY.test(p)) || (n <= 40 && MEDIA_LABEL.test(p))) return true;
  if (n <= 10 && (WIDGET.test(p.replace(/[\s.!:…]+$/u, '')) || SHARE_BAR.test(p))) return true;
  return false;
}
