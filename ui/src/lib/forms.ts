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

/**
 * Enter in a text field of a long form moves to the next text field instead of submitting it (the
 * till's habit), except in the form's last text field, where it submits as usual.
 */
export function enterMovesOn(event: KeyboardEvent): void {
  if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return;
  const form = event.target.form;
  if (!form) return;
  const fields = [...form.querySelectorAll<HTMLInputElement>('input:not([type="checkbox"]):not([type="radio"])')].filter(
    (field) => !field.disabled && !field.readOnly && field.offsetParent !== null,
  );
  const next = fields[fields.indexOf(event.target) + 1];
  if (!next) return;
  event.preventDefault();
  next.focus();
}
