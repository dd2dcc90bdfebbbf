import { describe, expect, it } from 'vitest';
import { landingSection, visibleSections } from './nav';

const ADMIN_PERMISSIONS = ['accounts.manage', 'audit.read', 'config.manage', 'agencies.manage', 'reports.read', 'sync.manage'];

describe('visibleSections', () => {
  it('gives an admin the six admin sections and "my account"', () => {
    expect(visibleSections('admin', ADMIN_PERMISSIONS)).toEqual([
      'reports',
      'accounts',
      'audit',
      'config',
      'agencies',
      'sync',
      'me',
    ]);
  });

  it('hides a section whose permission the account lacks', () => {
    expect(visibleSections('agent', ['sales.sell', 'till.operate'])).toEqual(['sale', 'till', 'me']);
  });

  it('never shows another role’s sections, whatever the permissions', () => {
    expect(visibleSections('transporteur', [...ADMIN_PERMISSIONS, 'trajets.manage'])).toEqual(['trajets', 'me']);
  });

  it('always offers "my account"', () => {
    expect(visibleSections('user', [])).toEqual(['me']);
  });
});

describe('landingSection', () => {
  it('opens an admin on the first section that is built', () => {
    expect(landingSection(visibleSections('admin', ADMIN_PERMISSIONS))).toBe('accounts');
  });

  it('opens an agent on the first of their sections', () => {
    expect(landingSection(['sale', 'parcels', 'till', 'me'])).toBe('sale');
  });
});
