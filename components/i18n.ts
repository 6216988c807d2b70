import { browser } from 'wxt/browser';

/**
 * UI strings come from _locales/<lang>/messages.json (the browser picks the language), so a
 * translation is a new messages.json, not a code change. Substitutions are plain text:
 * nothing here is ever rendered as HTML.
 */
export function t(key: string, ...substitutions: Array<string | number>): string {
  // The keys are checked by the messages.json file, not by the type of getMessage.
  const text = browser.i18n.getMessage(key as '@@ui_locale', substitutions.map(String));
  return text || key;
}
