import * as stopword from 'stopword';
import { stemmer } from 'stemmer';

/**
 * Content terms: the words that carry a sentence's meaning, reduced to a form that
 * survives rewording. Function words are dropped (stopword lists for 60 languages from
 * the `stopword` package); English is Porter-stemmed (`stemmer`), so "reported" and
 * "reporting" meet. Other languages keep the folded word: a weaker match, never a failure.
 */

// BCP 47 primary subtag -> the ISO 639-3 names the stopword package uses.
const STOPWORD_LISTS: Record<string, string> = {
  af: 'afr',
  ar: 'ara',
  bn: 'ben',
  br: 'bre',
  bg: 'bul',
  ca: 'cat',
  cs: 'ces',
  da: 'dan',
  de: 'deu',
  el: 'ell',
  en: 'eng',
  eo: 'epo',
  es: 'spa',
  et: 'est',
  eu: 'eus',
  fa: 'fas',
  fi: 'fin',
  fr: 'fra',
  ga: 'gle',
  gl: 'glg',
  gu: 'guj',
  ha: 'hau',
  he: 'heb',
  hi: 'hin',
  hr: 'hrv',
  hu: 'hun',
  hy: 'hye',
  id: 'ind',
  it: 'ita',
  ja: 'jpn',
  ko: 'kor',
  ku: 'kur',
  la: 'lat',
  lv: 'lav',
  lt: 'lit',
  mr: 'mar',
  ms: 'msa',
  my: 'mya',
  nl: 'nld',
  nb: 'nob',
  no: 'nob',
  pa: 'panGu',
  pl: 'pol',
  pt: 'por',
  ro: 'ron',
  ru: 'rus',
  sk: 'slk',
  sl: 'slv',
  so: 'som',
  st: 'sot',
  sv: 'swe',
  sw: 'swa',
  tl: 'tgl',
  th: 'tha',
  tr: 'tur',
  uk: 'ukr',
  ur: 'urd',
  vi: 'vie',
  yo: 'yor',
  zh: 'zho',
  zu: 'zul',
};

// Words so common in news prose that they say nothing about which article a sentence is
// from; the generic English list lacks them.
const NEWS_STOPWORDS = [
  'said',
  'says',
  'say',
  'told',
  'also',
  'would',
  'could',
  'will',
  'may',
  'might',
  'must',
  'one',
  'two',
  'new',
  'year',
  'years',
  'last',
  'first',
  'just',
  'like',
  'many',
  'much',
  'mr',
  'mrs',
  'ms',
  'us',
  'get',
  'got',
  'can',
  'make',
  'made',
  'well',
  'still',
  'even',
  'since',
  'however',
  'according',
  'including',
  'time',
  'people',
  'now',
  'way',
  'back',
  'yet',
  'per',
  'cent',
  'among',
  'around',
  'within',
  'without',
  'across',
  'another',
];

const stopSets = new Map<string, Set<string>>();

export function primaryLanguage(lang: string | undefined): string {
  return (lang ?? 'en').toLowerCase().split(/[-_]/)[0] || 'en';
}

function stopSet(lang: string): Set<string> {
  let set = stopSets.get(lang);
  if (!set) {
    const listName = STOPWORD_LISTS[lang];
    const list = (listName && (stopword as unknown as Record<string, string[]>)[listName]) || [];
    set = new Set(list.map((w) => w.toLowerCase()));
    if (lang === 'en') for (const w of NEWS_STOPWORDS) set.add(w);
    stopSets.set(lang, set);
  }
  return set;
}

// Scripts written without spaces: one character can be a whole word there.
const CJK = /[\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF\uAC00-\uD7AF\u0E00-\u0E7F]/;

const DIGIT = /\d/;
const THOUSANDS = /(?<=\d)[,.](?=\d{3}\b)/g;

/** The content terms of a sentence's (already case-folded) words. */
export function contentTerms(words: readonly string[], lang: string): string[] {
  const primary = primaryLanguage(lang);
  const stops = stopSet(primary);
  const out: string[] = [];
  for (const raw of words) {
    // Numbers written 1,000 or 1.000 are the same fact; possessive 's is not a word. Both
    // tested before anything is replaced: most words have neither (12% of this function's time).
    const digits = DIGIT.test(raw) ? raw.replace(THOUSANDS, '') : raw;
    const w = digits.endsWith("'s") ? digits.slice(0, -2) : digits;
    if (stops.has(w)) continue;
    if (w.length < 2 && !CJK.test(w) && !DIGIT.test(w)) continue;
    out.push(primary === 'en' && /^[a-z]+$/.test(w) ? stemmer(w) : w);
  }
  return out;
}
