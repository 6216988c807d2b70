import type { TabResult } from './protocol';

/** How much of a page was taken, in bands: the badge's colours and the popup's meter agree. */
export const TAKEN = { high: 70, medium: 40 } as const;

export interface Badge {
  text: string;
  color: string;
  title: string;
}

/** Looks up a UI string (browser.i18n in the extension). */
export type Translate = (key: string, ...substitutions: Array<string | number>) => string;

/**
 * What the toolbar shows for a tab: the share taken from the likely source, coloured by
 * strength; a check mark on an indexed original; nothing otherwise (the tooltip still
 * names related coverage, or a source below the user's threshold).
 */
export function badgeFor(result: TabResult, t: Translate): Badge {
  const name = t('extName');
  const none = { text: '', color: '#000000' };
  if (result.state === 'done') {
    const top = result.matches[0];
    if (top && top.verdict === 'likely-source') {
      return {
        text: `${top.overlap}%`,
        // Red from 70%, orange from 40%, dark yellow below: how much of the page was taken.
        color: top.overlap >= TAKEN.high ? '#b3261e' : top.overlap >= TAKEN.medium ? '#c25e00' : '#8a6d00',
        title: `${name}: ${t('badgeTaken', top.overlap, top.title, top.publisher ? ` (${top.publisher})` : '')}`,
      };
    }
    if (result.self) return { text: '\u2713', color: '#1b6e3a', title: `${name}: ${t('badgeOriginal', result.self.title)}` };
    // Listed matches are never "no source": the tooltip says what they are.
    if (top?.belowThreshold !== undefined)
      return { ...none, title: `${name}: ${t('badgeBelowThreshold', top.title, top.overlap, top.belowThreshold)}` };
    const later = result.matches.find((m) => m.publishedAfterPage);
    if (later) return { ...none, title: `${name}: ${t('badgePublishedAfter', later.title)}` };
    if (top) return { ...none, title: `${name}: ${t('badgeRelated', top.title)}` };
    return { ...none, title: `${name}: ${t('badgeNoSource')}` };
  }
  if (result.state === 'error') return { text: '!', color: '#5f6368', title: `${name}: ${t('stateError', result.message)}` };
  return { ...none, title: name };
}
