// Typed calls to the Rust commands in src-tauri/lib.rs. The types come from ts-rs (ui/src/bindings/,
// written by `cargo xtask codegen` from crates/tenderdesk-api): never retype them here.
import { invoke } from "@tauri-apps/api/core";
import type { ArrangementSummary } from "./bindings/ArrangementSummary";
import type { ErrorDto } from "./bindings/ErrorDto";

export type { ArrangementSummary, ErrorDto };

/**
 * Why a call failed: the command's own ErrorDto, or the IPC itself failing (Tauri refuses a command
 * that no capability grants, and there is no IPC at all outside the app).
 */
export type Failure = { source: "command"; error: ErrorDto } | { source: "ipc"; message: string };

/** Either what the command returned, or why it failed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: Failure };

function isErrorDto(value: unknown): value is ErrorDto {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string" && Array.isArray(v.problems);
}

export function toFailure(reason: unknown): Failure {
  if (isErrorDto(reason)) return { source: "command", error: reason };
  if (typeof reason === "string") return { source: "ipc", message: reason };
  if (reason instanceof Error) return { source: "ipc", message: reason.message };
  return { source: "ipc", message: "TenderDesk could not reach its data." };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await invoke<T>(command, args) };
  } catch (reason) {
    return { ok: false, failure: toFailure(reason) };
  }
}

export const councilName = (): Promise<Outcome<string | null>> => call<string | null>("council_name");

export const listArrangements = (): Promise<Outcome<ArrangementSummary[]>> =>
  call<ArrangementSummary[]>("list_arrangements");
