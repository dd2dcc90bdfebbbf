//! Errors of the trajet forms: a value the UI could not read, worded like Rust's, and the input each error names.

import { CommandError } from '../../lib/api';
import { t } from '../../lib/i18n/index.svelte';
import { FIELD_LABEL, trajetField, type TrajetField, type Unreadable } from '../../lib/trajets';

/** An unreadable value as a validation error naming its argument, so it is shown and pointed at like Rust's. */
export function unreadableError(problem: Unreadable): CommandError {
  return new CommandError({ code: 'validation', message: t(problem.message), field: problem.field });
}

/** The input an error points at, and its label to show beside the message. */
export function errorTarget(error: CommandError | null): { field: TrajetField | null; label: string | null } {
  const field = trajetField(error?.field ?? null);
  return { field, label: field ? t(FIELD_LABEL[field]) : null };
}
