import { SUGGESTED_TRUSTED_SITES } from '@/lib/ingest/trusted';
import { t } from '../i18n';
import { parseSiteLines } from './sites';

interface Props {
  /** The trusted sites as the reader typed them, one per line. */
  sites: string;
  cap: string;
  /** The box holds a line that is not a site (the last save was refused). */
  invalid: boolean;
  /** The box's description: its hint, and the refusal when it is invalid. */
  describedBy: string;
  onChange: (change: { trusted?: string; readCap?: string }) => void;
}

/**
 * The publishers the reader treats as original sources: a short list to tick (agencies and
 * public broadcasters) and any other site, one per line. A ticked suggestion is a line of
 * the box, so the box always shows the whole list.
 */
export function TrustedSites({ sites, cap, invalid, describedBy, onChange }: Props) {
  const listed = new Set(parseSiteLines(sites).sites);
  const toggle = (site: string, on: boolean) => {
    const lines = sites.split(/\r?\n/).filter((l) => l.trim());
    const next = on ? [...lines, site] : lines.filter((l) => parseSiteLines(l).sites[0] !== site);
    onChange({ trusted: next.join('\n') });
  };
  return (
    <fieldset>
      <legend>{t('trustedLegend')}</legend>
      <p class="hint" id="trusted-hint">
        {t('trustedHint')}
      </p>
      <ul class="suggested">
        {SUGGESTED_TRUSTED_SITES.map(({ site, name }) => (
          <li key={site}>
            <label class="choice">
              <input type="checkbox" checked={listed.has(site)} onChange={(e) => toggle(site, e.currentTarget.checked)} />
              {t('trustedSuggestion', name, site)}
            </label>
          </li>
        ))}
      </ul>
      <label for="trusted-sites">{t('trustedSitesLabel')}</label>
      <textarea
        id="trusted-sites"
        class="sites"
        value={sites}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        spellcheck={false}
        onInput={(e) => onChange({ trusted: e.currentTarget.value })}
      />
      <label for="read-cap">{t('readCapLabel')}</label>
      <input
        id="read-cap"
        type="number"
        min={1}
        max={1000000}
        step={1}
        required
        value={cap}
        onInput={(e) => onChange({ readCap: e.currentTarget.value })}
      />
    </fieldset>
  );
}
