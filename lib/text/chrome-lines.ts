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
// "Topics:", "Themen:", "Sujets :", "Temas:", "Argomenti:", "Теги:", and "Read also:" lines in the same languages.
const TAG_LINE =
  /^(?:related\s+)?(?:related|topics?|tags?|filed under|more on|categories|keywords|see more|read (?:also|more)|themen|schlagw\u00f6rter|mehr zum thema|lesen sie (?:auch|mehr)|sujets?|mots[- ]cl\u00e9s|(?:\u00e0 )?lire aussi|temas?|etiquetas|lee (?:tambi\u00e9n|m\u00e1s)|leia (?:tamb\u00e9m|mais)|t\u00f3picos|argomenti|leggi anche|trefwoorden|lees ook|\u0442\u0435\u0433\u0438|\u0442\u0435\u043c\u044b|\u0447\u0438\u0442\u0430\u0439\u0442\u0435 \u0442\u0430\u043a\u0436\u0435)\s*:/iu;
// Photo and source credits: "Photo:", "Foto:", "Bild:", "Quelle:", "Crédit :", "Fuente:", "Фото:".
const CREDIT =
  /^(?:photo(?:graph)?|image|picture|video|credit|source|illustration|foto(?:grafie|graf\u00eda)?|bild|quelle|cr\u00e9dits?|imagen|fuente|fonte|immagine|\u0444\u043e\u0442\u043e|\u0438\u0441\u0442\u043e\u0447\u043d\u0438\u043a)s?\s*:/iu;
// "By", "Von", "Par", "Por", "Door", "Av" and a name.
const BYLINE = /^(?:[Bb]y|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor|[Aa]v)\s+\p{Lu}/u;
// An advertisement's label or a paywall's call, alone on a line: "Advertisement", "Anzeige",
// "Publicité", "Story continues below advertisement", "Subscribe to continue reading".
const NOTICE =
  /^(?:advertisement|sponsored|anzeige|werbung|publicit\u00e9|publicidad|pubblicit\u00e0|\u0440\u0435\u043a\u043b\u0430\u043c\u0430|(?:the )?(?:story|article) continues below(?: (?:this )?(?:advertisement|ad))?|scroll to continue(?: with content)?|continue reading(?: below| the main story)?|(?:subscribe|sign up|sign in|log in|register)(?: now)?(?: (?:to|for))? (?:continue|keep|read|unlock|get|unlimited|full|access)\b.*|already (?:a subscriber|have an account)\b.*|this (?:article|story|content) is (?:only )?(?:for|available to) (?:subscribers|members)\b.*)$/iu;
// A live page's time stamps and labels: "8:00 Update", "Updated 10:32 GMT", "12.15pm ET", "2 hours ago".
const TIME_STAMP =
  /^(?:(?:updated|posted|published|last updated)\s*:?\s*)?(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?|\d+\s*(?:min(?:ute)?s?|h(?:ours?|rs?)?|days?)\s+ago)(?:\s+(?:update[ds]?|updated|breaking|new|pinned|live))?$/i;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Whether one paragraph of an article's content element is site chrome rather than article text. */
export function isChromeLine(paragraph: string): boolean {
  const p = paragraph.trim();
  const n = words(p);
  if (n <= 12 && !TERMINAL.test(p) && TRAIL.test(p)) return true;
  if (n <= 25 && (TAG_LINE.test(p) || CREDIT.test(p))) return true;
  // A byline names people and maybe a date, with no sentence after it.
  if (n <= 14 && BYLINE.test(p) && (!TERMINAL.test(p) || /[·|•]/.test(p))) return true;
  // Left in, a live blog's stamps made a verbatim copy of it 92-95% "taken" where 100% is true.
  if (n <= 6 && TIME_STAMP.test(p)) return true;
  // A paywall's lines made a verbatim copy 79-84% "taken"; a call that runs on is a sentence.
  if (n <= 20 && NOTICE.test(p.replace(/[.!:…]+$/u, ''))) return true;
  return false;
}
