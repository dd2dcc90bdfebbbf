//! Small helpers turning form fields into command arguments.

import type { Role } from './bindings';
import { ROLE_SECTIONS } from './nav';

/** Every role, in the order offered by role selects (exhaustive: taken from a `Record<Role, …>`). */
export const ROLES = Object.keys(ROLE_SECTIONS) as Role[];

/** A trimmed text, or null when nothing was typed (Rust reads null as "not given"). */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The company name is sent only for a transporteur, the agency only for an agent. */
export function roleExtras(
  role: Role,
  company: string,
  agencyUid: string,
): { company_name: string | null; agence_uid: string | null } {
  return {
    company_name: role === 'transporteur' ? blankToNull(company) : null,
    agence_uid: role === 'agent' ? blankToNull(agencyUid) : null,
  };
}

/** Puts the cursor in the first input marked invalid (`aria-invalid="true"`) inside `root`. */
export function focusFirstInvalid(root: HTMLElement | undefined): void {
  root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
