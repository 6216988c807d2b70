export { normalizeText, foldCase } from './normalize';
export { words, writtenWords, sentences, paragraphs } from './segment';
export { contentTerms, primaryLanguage } from './terms';
export { nameTerms } from './names';
export { analyze, withoutRepeats, type AnalyzedText, type Sentence } from './analyze';
