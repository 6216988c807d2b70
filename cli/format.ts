import type { CheckResult } from '../lib/match';

/** Human-readable result for the terminal. */
export function formatResult(input: string, result: CheckResult): string {
  const lines = [`${input}: "${result.article.title || '(untitled)'}", ${result.article.words} words`];
  if (result.status === 'too-short') return [...lines, `  ${result.message}`].join('\n');
  if (result.matches.length === 0) return [...lines, '  no source found in the index'].join('\n');
  for (const m of result.matches) {
    const label = m.verdict === 'likely-source' ? 'LIKELY SOURCE' : 'related';
    const by = [m.publisher, m.author, m.published].filter(Boolean).join(', ');
    lines.push(`  ${label}  ${m.overlap}% taken  "${m.title}"${by ? ` (${by})` : ''}${m.url ? ` ${m.url}` : ''}`);
    if (m.reason) lines.push(`    ${m.reason}`);
    lines.push(
      `    ${m.passages.length} aligned sentences, mean similarity ${m.similarity}${m.duplicates.length ? `; same text as ${m.duplicates.join(', ')}` : ''}`,
    );
  }
  return lines.join('\n');
}
