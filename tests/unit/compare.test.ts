import { describe, expect, it } from 'vitest';
import { comparisonPairs, sourceNotLoaded, sourceSentences } from '../../lib/compare';
import { entryFromArticle } from '../../lib/index';
import { original } from './fixtures/ferry-pier';

describe('finding the source sentences a copy was aligned to, from the sketches alone', () => {
  const entry = entryFromArticle(original);

  it('finds each indexed sentence in the source page', () => {
    const found = sourceSentences(entry.fingerprint, { text: original.text }, [0, 2]);
    expect(found[0]).toMatch(/^Kellmouth council has voted to close the Victorian ferry pier/);
    expect(found[1]).toMatch(/^The survey, carried out in March/);
  });

  it('says null for a sentence the page no longer has (the page changed), and for an index out of range', () => {
    const changed = original.text.replace(
      /^Kellmouth council has voted.*$/m,
      'The pier story has been updated and this paragraph rewritten entirely by the editors.',
    );
    const found = sourceSentences(entry.fingerprint, { text: changed }, [0, 2, 999]);
    expect(found[0]).toBeNull();
    expect(found[1]).toMatch(/^The survey/);
    expect(found[2]).toBeNull();
  });
});

describe('a source page that did not load as the article it was', () => {
  it('is not found when its server answers with an error, whatever the error page holds', () => {
    expect(sourceNotLoaded(404, false)).toEqual({ status: 'not-found', httpStatus: 404 });
    expect(sourceNotLoaded(410, true)).toEqual({ status: 'not-found', httpStatus: 410 });
    expect(sourceNotLoaded(500, false)).toEqual({ status: 'not-found', httpStatus: 500 });
  });

  it('holds no article when it loaded without one (or the browser does not tell the status)', () => {
    expect(sourceNotLoaded(200, false)).toEqual({ status: 'not-article' });
    expect(sourceNotLoaded(null, false)).toEqual({ status: 'not-article' });
  });

  it('is compared, sentence by sentence, when it loaded with an article', () => {
    expect(sourceNotLoaded(200, true)).toBeNull();
    expect(sourceNotLoaded(null, true)).toBeNull();
  });
});

describe('the pairs "Compare with the source" steps through', () => {
  it('shows a passage that joins two source sentences beside each of them, and leaves out passages the page no longer has', () => {
    const passages = [{ source: 0 }, { source: 1, through: 2 }, { source: 4 }];
    expect(comparisonPairs(passages, ['First.', 'Joined.', null])).toEqual([
      { source: 0, passage: 'First.' },
      { source: 1, passage: 'Joined.' },
      { source: 2, passage: 'Joined.' },
    ]);
  });
});
