import type { Failure, Outcome } from "../api";
import type { ErrorDto } from "../bindings/ErrorDto";

/**
 * The message of each form field named by a failure, keyed by the field's full path within the
 * form ("questions[2].weight", so each row of a list shows its own) and, for forms whose fields
 * are named by their last part, by that too ("submission_deadline").
 */
export function fieldErrors(failure: Failure | null | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!failure || failure.source !== "command") return errors;
  const dto: ErrorDto = failure.error;
  const add = (field: string | null | undefined, message: string): void => {
    for (const name of [formField(field), lastSegment(field)]) if (name && !(name in errors)) errors[name] = message;
  };
  for (const p of dto.problems) add(p.field, p.message);
  if (dto.field) add(dto.field, dto.message);
  return errors;
}

/** "round/RND-1/timetable.submission_deadline" → "submission_deadline"; "" stays empty. */
export function lastSegment(field: string | null | undefined): string {
  if (!field) return "";
  const slash = field.split("/").pop() ?? "";
  return slash.split(".").pop() ?? "";
}

/**
 * The form field a problem names, in full: "rounds/RND-1/questions[2].weight" (the record's
 * kind and key, then the field) or "questions[2].weight" → "questions[2].weight".
 */
export function formField(field: string | null | undefined): string {
  if (!field) return "";
  return field.split("/").pop() ?? "";
}

/** The id of the input of a form field: "field-" and the field's full path. */
export function fieldId(field: string): string {
  return `field-${field}`;
}

/** The lines of an error summary: one per problem, else the one message; `field` is the full path. */
export function summaryLines(failure: Failure): { text: string; field: string }[] {
  if (failure.source === "ipc") return [{ text: failure.message, field: "" }];
  const problems = failure.error.problems.map((p) => ({ text: p.message, field: formField(p.field) }));
  return problems.length > 0 ? problems : [{ text: failure.error.message, field: formField(failure.error.field) }];
}

type Value<P> = P extends Promise<Outcome<infer V>> ? V : never;

/** Runs several commands at once: every value, or the first failure. */
export async function together<T extends Record<string, Promise<Outcome<unknown>>>>(
  parts: T,
): Promise<Outcome<{ [K in keyof T]: Value<T[K]> }>> {
  const keys = Object.keys(parts);
  const outcomes = await Promise.all(keys.map((k) => parts[k] as Promise<Outcome<unknown>>));
  const value: Record<string, unknown> = {};
  for (const [i, o] of outcomes.entries()) {
    if (!o.ok) return o;
    value[keys[i] as string] = o.value;
  }
  return { ok: true, value: value as { [K in keyof T]: Value<T[K]> } };
}
