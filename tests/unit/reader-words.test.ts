import { describe, expect, it } from 'vitest';
import { keyOf } from '../../lib/highlight';
import { whyUncheckable } from '../../lib/uncheckable';
import { fieldProblem } from '../../components/original-fields';

describe('why a page cannot be checked, in the reader’s terms', () => {
  it('knows browser pages, stores and files by their address', () => {
    expect(whyUncheckable('chrome://settings/', 'Cannot access a chrome:// URL', false, true)).toBe('browser-page');
    expect(whyUncheckable('about:blank', 'Cannot access contents of the page.', false, true)).toBe('browser-page');
    expect(whyUncheckable('chrome-extension://abc/popup.html', 'x', false, true)).toBe('browser-page');
    expect(whyUncheckable('https://chromewebstore.google.com/detail/x', 'x', false, true)).toBe('web-store');
    expect(whyUncheckable('https://addons.mozilla.org/en-US/firefox/', 'x', false, true)).toBe('web-store');
    expect(whyUncheckable('file:///home/ana/saved.html', 'Cannot access contents of the page.', false, true)).toBe('file');
  });

  it('reads the browser’s error when the address is hidden', () => {
    expect(whyUncheckable(undefined, 'Cannot access a chrome:// URL', false, true)).toBe('browser-page');
    expect(whyUncheckable(undefined, 'The extensions gallery cannot be scripted.', false, true)).toBe('web-store');
    expect(whyUncheckable(undefined, 'Frame with ID 0 is showing error page', false, true)).toBe('error-page');
    expect(
      whyUncheckable(
        undefined,
        'Cannot access contents of the page. Extension manifest must request permission to access the respective host.',
        false,
        true,
      ),
    ).toBe('browser-page-or-file');
  });

  it('calls a page with no access granted yet (no click, no automatic checking) one not checked yet, not a browser page', () => {
    const noAccess = 'Cannot access contents of the page. Extension manifest must request permission to access the respective host.';
    expect(whyUncheckable(undefined, noAccess, false, false)).toBe('not-granted');
    expect(whyUncheckable(undefined, 'Cannot access a chrome:// URL', false, false)).toBe('browser-page');
    expect(whyUncheckable('file:///home/ana/saved.html', noAccess, false, false)).toBe('file');
  });

  it('says “other” for an error it does not know', () => {
    expect(whyUncheckable(undefined, 'something new', false, true)).toBe('other');
  });
});

describe('finding an engine sentence in the page', () => {
  it('ignores what normalisation changed: typographic quotes, ligatures, spacing', () => {
    expect(keyOf('the nation\u2019s \u201Creliance\u201D')).toBe(keyOf('the nation\'s "reliance"'));
    expect(keyOf('World \u203A Asia')).toBe(keyOf("World ' Asia"));
    expect(keyOf('ﬁsh  from its rails.')).toBe('fishfromitsrails');
  });
});

describe('the add-an-original form speaks of the form', () => {
  it('asks for a web address, and names the field that holds markup', () => {
    expect(fieldProblem({ url: 'javascript:alert(1)' })).toEqual({ field: 'url', key: 'urlNotWeb' });
    expect(fieldProblem({ url: 'www.example.com/story' })).toEqual({ field: 'url', key: 'urlNotWeb' });
    expect(fieldProblem({ url: 'https://example.com/story', author: '<b>Ana</b>' })).toEqual({ field: 'author', key: 'fieldMarkup' });
    expect(fieldProblem({ url: '', title: 'Pier to close', text: 'Councillors voted 9 > 2.' })).toBeNull();
    expect(fieldProblem({ title: '  ', text: 'Councillors voted.' })).toEqual({ field: 'title', key: 'fieldEmpty' });
    expect(fieldProblem({ title: 'Pier', author: 'a'.repeat(2001) })).toEqual({ field: 'author', key: 'fieldTooLong' });
    expect(fieldProblem({ title: 'Pier', text: 'a '.repeat(5000) })).toBeNull();
    // Text about JavaScript, or a comparison, is no markup: the form holds what a pack may carry.
    expect(fieldProblem({ title: 'JavaScript: the language that ate the web turns 30', text: 'Why x<y matters.' })).toBeNull();
  });
});
