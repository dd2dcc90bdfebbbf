import { describe, expect, it } from 'vitest';
import { BUILT_SECTIONS, landingSection, visibleSections } from './nav';

const ADMIN_PERMISSIONS = [
  'accounts.manage',
  'audit.read',
  'config.manage',
  'agencies.manage',
  'reports.read',
  'sync.manage',
  'trajets.manage',
  'till.operate',
];
const TRANSPORTEUR_PERMISSIONS = ['trajets.manage', 'parcels.manage', 'manifests.read', 'reports.read'];
const AGENT_PERMISSIONS = ['sales.sell', 'sales.cancel', 'till.operate', 'manifests.read'];

describe('visibleSections', () => {
  it('gives an admin the nine admin sections, trajets, till and payments included, and "my account"', () => {
    expect(visibleSections('admin', ADMIN_PERMISSIONS)).toEqual([
      'reports',
      'accounts',
      'trajets',
      'till',
      'payments',
      'audit',
      'config',
      'agencies',
      'sync',
      'me',
    ]);
  });

  it('gives an admin the parcels (tariffs, tracking) beside the trajets when it may manage parcels', () => {
    expect(visibleSections('admin', [...ADMIN_PERMISSIONS, 'parcels.manage', 'parcels.tariffs'])).toEqual([
      'reports',
      'accounts',
      'trajets',
      'parcels',
      'till',
      'payments',
      'audit',
      'config',
      'agencies',
      'sync',
      'me',
    ]);
  });

  it('gives an admin the backups last, once it may back up and restore', () => {
    expect(visibleSections('admin', [...ADMIN_PERMISSIONS, 'backups.manage']).slice(-2)).toEqual(['backups', 'me']);
    expect(visibleSections('agent', ['sales.sell', 'backups.manage'])).not.toContain('backups');
  });

  it('hides a section whose permission the account lacks', () => {
    expect(visibleSections('agent', ['sales.sell', 'till.operate'])).toEqual(['sale', 'till', 'me']);
  });

  it('gives a transporteur its trajets first and its own reports last', () => {
    expect(visibleSections('transporteur', TRANSPORTEUR_PERMISSIONS)).toEqual([
      'trajets',
      'parcels',
      'manifests',
      'reports',
      'me',
    ]);
  });

  it('hides the reports from a transporteur without reports.read', () => {
    expect(visibleSections('transporteur', ['trajets.manage', 'manifests.read'])).toEqual(['trajets', 'manifests', 'me']);
  });

  it('gives a transporteur its till once it may take cash for parcels', () => {
    expect(visibleSections('transporteur', [...TRANSPORTEUR_PERMISSIONS, 'parcels.tariffs', 'till.operate'])).toEqual([
      'trajets',
      'parcels',
      'manifests',
      'till',
      'reports',
      'me',
    ]);
  });

  it('hides trajets from an admin without the permission', () => {
    const withoutTrajets = ADMIN_PERMISSIONS.filter((p) => p !== 'trajets.manage');
    expect(visibleSections('admin', withoutTrajets)).not.toContain('trajets');
  });

  it('shows the payments journal only with reports.read, and the till only with till.operate', () => {
    const withoutReports = ADMIN_PERMISSIONS.filter((p) => p !== 'reports.read');
    expect(visibleSections('admin', withoutReports)).not.toContain('payments');
    const withoutTill = ADMIN_PERMISSIONS.filter((p) => p !== 'till.operate');
    expect(visibleSections('admin', withoutTill)).not.toContain('till');
  });

  it('never shows another role’s sections, whatever the permissions', () => {
    expect(visibleSections('transporteur', ADMIN_PERMISSIONS)).toEqual(['trajets', 'till', 'reports', 'me']);
    expect(visibleSections('agent', [...ADMIN_PERMISSIONS, ...TRANSPORTEUR_PERMISSIONS])).toEqual([
      'manifests',
      'parcels',
      'till',
      'me',
    ]);
  });

  it('always offers "my account"', () => {
    expect(visibleSections('user', [])).toEqual(['me']);
  });
});

describe('landingSection', () => {
  it('opens an admin on the reports, the first of its sections', () => {
    expect(landingSection(visibleSections('admin', ADMIN_PERMISSIONS))).toBe('reports');
  });

  it('opens an admin without reports.read on the accounts', () => {
    const withoutReports = ADMIN_PERMISSIONS.filter((p) => p !== 'reports.read');
    expect(landingSection(visibleSections('admin', withoutReports))).toBe('accounts');
  });

  it('opens a transporteur on its trajets', () => {
    expect(landingSection(visibleSections('transporteur', TRANSPORTEUR_PERMISSIONS))).toBe('trajets');
  });

  it('opens an agent on the sale, with the manifests beside it', () => {
    const sections = visibleSections('agent', AGENT_PERMISSIONS);
    expect(sections).toEqual(['sale', 'manifests', 'till', 'me']);
    expect(landingSection(sections)).toBe('sale');
  });

  it('opens a transporteur on its manifests when it may not manage trajets', () => {
    expect(landingSection(visibleSections('transporteur', ['manifests.read']))).toBe('manifests');
  });
});

describe('BUILT_SECTIONS', () => {
  it('builds the till, the payments journal, the parcels, the reports and sync', () => {
    expect(BUILT_SECTIONS.has('till')).toBe(true);
    expect(BUILT_SECTIONS.has('payments')).toBe(true);
    expect(BUILT_SECTIONS.has('parcels')).toBe(true);
    expect(BUILT_SECTIONS.has('reports')).toBe(true);
    expect(BUILT_SECTIONS.has('sync')).toBe(true);
  });
});
