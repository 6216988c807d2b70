import type { TabResult } from './protocol';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

const NAME = 'News Provenance';

/**
 * What the toolbar shows for a tab: the share taken from the likely source, coloured by
 * strength; a check mark on an indexed original; nothing otherwise.
 */
export function badgeFor(result: TabResult): Badge {
  if (result.state === 'done') {
    const top = result.matches[0];
    if (top && top.verdict === 'likely-source') {
      const by = top.publisher ? ` (${top.publisher})` : '';
      return {
        text: `${top.overlap}%`,
        color: top.overlap >= 70 ? '#b3261e' : top.overlap >= 40 ? '#c25e00' : '#8a6d00',
        title: `${NAME}: ${top.overlap}% of this article was taken from "${top.title}"${by}`,
      };
    }
    if (result.self) {
      return { text: '\u2713', color: '#1b6e3a', title: `${NAME}: this is the indexed original "${result.self.title}"` };
    }
    return { text: '', color: '#000000', title: `${NAME}: no source found in your index` };
  }
  if (result.state === 'error') return { text: '!', color: '#5f6368', title: `${NAME}: ${result.message}` };
  return { text: '', color: '#000000', title: NAME };
}
