import { describe, expect, it } from 'vitest';
import { en } from './en';
import { formatDateTime } from './format';
import { fr } from './fr';
import { DEFAULT_LOCALE, isLocale, translate } from './translate';

describe('translate', () => {
  it('speaks French by default', () => {
    expect(DEFAULT_LOCALE).toBe('fr');
    expect(translate(fr, 'login.submit')).toBe('Se connecter');
  });

  it('gives the English text when English is chosen', () => {
    expect(translate(en, 'login.submit')).toBe('Sign in');
  });

  it('fills named placeholders, numbers included', () => {
    expect(translate(fr, 'accounts.roleChanged', { name: 'Awa Diop', role: 'Agent de guichet' })).toBe(
      'Awa Diop a maintenant le rôle « Agent de guichet ».',
    );
    expect(translate({ n: '{count} colis' }, 'n', { count: 3 })).toBe('3 colis');
  });

  it('leaves a placeholder it was given no value for', () => {
    expect(translate(en, 'shell.currentUser', { name: 'Awa' })).toBe('Awa · {role}');
  });

  it('accepts only the two supported locales', () => {
    expect(isLocale('fr')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('de')).toBe(false);
    expect(isLocale(null)).toBe(false);
  });
});

describe('catalogues', () => {
  it('have exactly the same keys in French and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('have no empty message and keep the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(fr[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });
});

describe('formatDateTime', () => {
  const instant = '2025-03-07T14:05:00Z';

  it('formats an RFC 3339 instant in French', () => {
    const text = formatDateTime(instant, 'fr', 'UTC');
    expect(text).toContain('2025');
    expect(text).toContain('14:05');
    expect(text).toMatch(/mars/);
  });

  it('formats the same instant in English', () => {
    const text = formatDateTime(instant, 'en', 'UTC');
    expect(text).toContain('Mar');
    expect(text).toContain('14:05');
  });

  it('respects the offset written in the timestamp', () => {
    expect(formatDateTime('2025-03-07T15:05:00+01:00', 'fr', 'UTC')).toBe(formatDateTime(instant, 'fr', 'UTC'));
  });

  it('shows an unreadable value as received rather than "Invalid Date"', () => {
    expect(formatDateTime('not a date', 'fr')).toBe('not a date');
  });
});
