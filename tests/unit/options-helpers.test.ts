import { describe, expect, it } from 'vitest';
import { packPreview } from '../../components/options/pack-preview';
import { parseSiteLines } from '../../components/options/sites';
import { formatBytes, isQuotaError } from '../../components/options/storage';
import { entryFromArticle, readPack, writePack } from '../../lib/index';

describe('packPreview: what the import shows before anything changes', () => {
  it('names the pack, counts its entries and publishers, and gives its date range and first titles', async () => {
    const articles = [
      {
        id: 'a',
        title: 'Second story',
        text: 'The harbour reopened after the storm damaged the pier.',
        publisher: 'Gazette',
        published: '2023-02-01',
      },
      {
        id: 'b',
        title: 'First story',
        text: 'The council voted to build a tram line to the ridge.',
        publisher: 'Gazette',
        published: '2022-12-31T23:00:00Z',
      },
      { id: 'c', title: 'Undated story', text: 'Volunteers counted seal pups on the sandbanks.', publisher: 'Wire' },
    ];
    const read = await readPack(await writePack(articles.map(entryFromArticle), 'Desk archive', '2024-05-06T07:08:09Z'));
    if (!read.ok) throw new Error(read.error);
    expect(packPreview(read.pack, 2)).toEqual({
      name: 'Desk archive',
      created: '2024-05-06T07:08:09Z',
      entries: 3,
      from: '2022-12-31T23:00:00Z',
      to: '2023-02-01',
      publishers: 2,
      samples: ['Second story', 'First story'],
    });
  });
});

describe('parseSiteLines: the "sites to skip" box', () => {
  it('keeps host names the way the user typed them, normalised and without repeats', () => {
    expect(parseSiteLines('https://www.Example.com/news\n\n  tabloid.test \nexample.com')).toEqual({
      sites: ['example.com', 'tabloid.test'],
      invalid: [],
    });
  });

  it('returns the lines that are not host names, so they can be shown', () => {
    expect(parseSiteLines('good.example\nnot a site!\n')).toEqual({ sites: ['good.example'], invalid: ['not a site!'] });
  });
});

describe('storage helpers', () => {
  it('writes sizes as people read them', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(120 * 1024 * 1024)).toBe('120 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });

  it('recognises a full disk, whether it arrives as a DOMException or through the message channel', () => {
    expect(isQuotaError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'Error', message: 'QuotaExceededError: Encountered full disk' })).toBe(true);
    expect(isQuotaError(new Error('the pack is truncated'))).toBe(false);
    expect(isQuotaError('quota')).toBe(false);
  });
});
