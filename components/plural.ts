import { browser } from 'wxt/browser';
import { t } from './i18n';

const rules = new Intl.PluralRules(browser.i18n.getUILanguage());

/**
 * A message with a count, in the grammatical number of the UI language: browser.i18n has
 * no plurals, so each form is its own key (`entries_one`, `entries_other`, and `_few`,
 * `_many`... where a translation needs them). $1 is the count, written the locale's way.
 */
export function tn(key: string, count: number, ...rest: Array<string | number>): string {
  const form = `${key}_${rules.select(count)}`;
  const text = t(form, count.toLocaleString(), ...rest);
  return text === form ? t(`${key}_other`, count.toLocaleString(), ...rest) : text;
}
