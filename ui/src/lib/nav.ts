//! The shell's sections: which roles see which, the permission each needs, and which are built yet.

import type { Role } from './bindings';

export type Permission =
  | 'accounts.manage'
  | 'audit.read'
  | 'config.manage'
  | 'agencies.manage'
  | 'reports.read'
  | 'sync.manage'
  | 'trajets.manage'
  | 'sales.sell'
  | 'sales.cancel'
  | 'parcels.manage'
  | 'till.operate'
  | 'manifests.read'
  | 'backups.manage';

export type Section =
  | 'sale'
  | 'parcels'
  | 'till'
  | 'trajets'
  | 'manifests'
  | 'reports'
  | 'accounts'
  | 'audit'
  | 'payments'
  | 'config'
  | 'agencies'
  | 'sync'
  | 'backups'
  | 'me';

/** The permission a section needs; "me" (my account) is open to everyone signed in. */
export const SECTION_PERMISSION: Record<Exclude<Section, 'me'>, Permission> = {
  sale: 'sales.sell',
  parcels: 'parcels.manage',
  till: 'till.operate',
  trajets: 'trajets.manage',
  manifests: 'manifests.read',
  reports: 'reports.read',
  accounts: 'accounts.manage',
  audit: 'audit.read',
  payments: 'reports.read',
  config: 'config.manage',
  agencies: 'agencies.manage',
  sync: 'sync.manage',
  backups: 'backups.manage',
};

/** The work sections of each role, in the order of the side nav. */
export const ROLE_SECTIONS: Record<Role, readonly Exclude<Section, 'me'>[]> = {
  agent: ['sale', 'manifests', 'parcels', 'till'],
  transporteur: ['trajets', 'parcels', 'manifests', 'till', 'reports'],
  admin: ['reports', 'accounts', 'trajets', 'parcels', 'till', 'payments', 'audit', 'config', 'agencies', 'sync', 'backups'],
  user: [],
};

/** Sections that this version really builds; the others show an honest "coming soon" panel. */
export const BUILT_SECTIONS: ReadonlySet<Section> = new Set<Section>([
  'sale',
  'manifests',
  'parcels',
  'till',
  'payments',
  'accounts',
  'trajets',
  'audit',
  'config',
  'agencies',
  'backups',
  'reports',
  'sync',
  'me',
]);

/** The nav entries for a role, each kept only when the account holds its permission; "me" always last. */
export function visibleSections(role: Role, permissions: readonly string[]): Section[] {
  const held = new Set(permissions);
  return [...ROLE_SECTIONS[role].filter((section) => held.has(SECTION_PERMISSION[section])), 'me'];
}

/** Where the shell opens: the first built work section, else the first section. */
export function landingSection(sections: readonly Section[]): Section {
  return sections.find((s) => s !== 'me' && BUILT_SECTIONS.has(s)) ?? sections[0] ?? 'me';
}
