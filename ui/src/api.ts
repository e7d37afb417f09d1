// Typed calls to the Rust commands in src-tauri/commands/ (one file per screen). The types come
// from ts-rs (ui/src/bindings/, written by `cargo xtask codegen` from crates/tenderdesk-api): never
// retype them here. Arguments are snake_case, as the commands declare them.
//
// Forms: a refused form fails with source "command" and an ErrorDto whose `problems[].field` is
// the form's own field name (documented on each *Form type), so the message goes beside it.
// Nothing is stored on a refusal.
//
// Files: import, export, backup, restore and reports open a native dialog from Rust; the page
// never sends a path. A FileOutcome with `done: false` means the officer cancelled.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { ActivityReport } from "./bindings/ActivityReport";
import type { ArrangementPosition } from "./bindings/ArrangementPosition";
import type { ArrangementSummary } from "./bindings/ArrangementSummary";
import type { AwardForm } from "./bindings/AwardForm";
import type { AwardView } from "./bindings/AwardView";
import type { BidForm } from "./bindings/BidForm";
import type { BidRecorded } from "./bindings/BidRecorded";
import type { ClarificationForm } from "./bindings/ClarificationForm";
import type { ContractPage } from "./bindings/ContractPage";
import type { ContractPosition } from "./bindings/ContractPosition";
import type { ContractQuery } from "./bindings/ContractQuery";
import type { CoverageReport } from "./bindings/CoverageReport";
import type { CommitteeNotesForm } from "./bindings/CommitteeNotesForm";
import type { CommitteeReportForm } from "./bindings/CommitteeReportForm";
import type { CreateRoundForm } from "./bindings/CreateRoundForm";
import type { Dashboard } from "./bindings/Dashboard";
import type { DeclarationForm } from "./bindings/DeclarationForm";
import type { ErrorDto } from "./bindings/ErrorDto";
import type { EvaluationModelForm } from "./bindings/EvaluationModelForm";
import type { QuestionInput } from "./bindings/QuestionInput";
import type { EvaluatorForm } from "./bindings/EvaluatorForm";
import type { EvaluatorView } from "./bindings/EvaluatorView";
import type { FileOutcome } from "./bindings/FileOutcome";
import type { FormChoices } from "./bindings/FormChoices";
import type { Holiday } from "./bindings/Holiday";
import type { InviteForm } from "./bindings/InviteForm";
import type { LotView } from "./bindings/LotView";
import type { MarkForm } from "./bindings/MarkForm";
import type { MarkView } from "./bindings/MarkView";
import type { ModeratedMarkForm } from "./bindings/ModeratedMarkForm";
import type { ModeratedView } from "./bindings/ModeratedView";
import type { Notice } from "./bindings/Notice";
import type { OpeningReport } from "./bindings/OpeningReport";
import type { OptionForm } from "./bindings/OptionForm";
import type { Progress } from "./bindings/Progress";
import type { ProviderPage } from "./bindings/ProviderPage";
import type { ProviderQuery } from "./bindings/ProviderQuery";
import type { ProviderView } from "./bindings/ProviderView";
import type { RatesView } from "./bindings/RatesView";
import type { RoundPage } from "./bindings/RoundPage";
import type { RoundQuery } from "./bindings/RoundQuery";
import type { RoundView } from "./bindings/RoundView";
import type { SettingsForm } from "./bindings/SettingsForm";
import type { SpendView } from "./bindings/SpendView";
import type { Nation } from "./bindings/Nation";
import type { Regime } from "./bindings/Regime";
import type { Standstill } from "./bindings/Standstill";
import type { BidUpdateForm } from "./bindings/BidUpdateForm";
import type { DrawingForm } from "./bindings/DrawingForm";
import type { GateRow } from "./bindings/GateRow";
import type { WithdrawAwardForm } from "./bindings/WithdrawAwardForm";

export type {
  ActivityReport,
  ArrangementPosition,
  ArrangementSummary,
  AwardForm,
  AwardView,
  BidForm,
  BidRecorded,
  BidUpdateForm,
  DrawingForm,
  GateRow,
  WithdrawAwardForm,
  ClarificationForm,
  ContractPage,
  ContractPosition,
  ContractQuery,
  CoverageReport,
  CommitteeNotesForm,
  CommitteeReportForm,
  CreateRoundForm,
  Dashboard,
  DeclarationForm,
  ErrorDto,
  EvaluationModelForm,
  EvaluatorForm,
  EvaluatorView,
  FileOutcome,
  FormChoices,
  Holiday,
  InviteForm,
  LotView,
  MarkForm,
  MarkView,
  ModeratedMarkForm,
  ModeratedView,
  Notice,
  OpeningReport,
  OptionForm,
  Progress,
  ProviderPage,
  ProviderQuery,
  ProviderView,
  QuestionInput,
  RatesView,
  RoundPage,
  RoundQuery,
  RoundView,
  SettingsForm,
  SpendView,
  Standstill,
};

/** A date as the commands take it: YYYY-MM-DD. */
export type IsoDate = string;

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

/** A channel that hands each progress step to `onProgress`. */
function progressChannel(onProgress?: (p: Progress) => void): Channel<Progress> {
  const channel = new Channel<Progress>();
  channel.onmessage = (p) => onProgress?.(p);
  return channel;
}

// ---- Dashboard and start -------------------------------------------------------------------

export const councilName = (): Promise<Outcome<string | null>> => call<string | null>("council_name");

/** Alerts (90 days ahead and overdue), rounds in progress with their stage, headline figures. */
export const dashboard = (as_of: IsoDate | null = null): Promise<Outcome<Dashboard>> =>
  call<Dashboard>("dashboard", { as_of });

/** Call once the dashboard has painted: the app logs launch-to-ready time and memory (benchmark). */
export const windowReady = (): Promise<Outcome<null>> => call<null>("window_ready");

// ---- Arrangements, lots, openings, providers -----------------------------------------------

export const listArrangements = (): Promise<Outcome<ArrangementSummary[]>> =>
  call<ArrangementSummary[]>("list_arrangements");

export const arrangementPosition = (
  arrangement: string,
  as_of: IsoDate | null = null,
): Promise<Outcome<ArrangementPosition>> => call<ArrangementPosition>("arrangement_position", { arrangement, as_of });

/** The lots (with zones and rate cards) of one arrangement, or of all when null. */
export const listLots = (arrangement: string | null = null): Promise<Outcome<LotView[]>> =>
  call<LotView[]>("list_lots", { arrangement });

export const listOpenings = (arrangement: string | null = null): Promise<Outcome<OpeningReport[]>> =>
  call<OpeningReport[]>("list_openings", { arrangement });

/** One page of providers (default 100 rows, at most 500), filtered by search, lot and status. */
export const listProviders = (query: ProviderQuery): Promise<Outcome<ProviderPage>> =>
  call<ProviderPage>("list_providers", { query });

export const provider = (key: string, as_of: IsoDate | null = null): Promise<Outcome<ProviderView>> =>
  call<ProviderView>("provider", { provider: key, as_of });

// ---- Rounds --------------------------------------------------------------------------------

/** The codes and labels of the forms' select lists. */
export const formChoices = (): Promise<Outcome<FormChoices>> => call<FormChoices>("form_choices");

export const listRounds = (query: RoundQuery): Promise<Outcome<RoundPage>> => call<RoundPage>("list_rounds", { query });

/** One round's whole working view (timetable, model, bids, panel, marks, result, award). */
export const roundView = (round: string, as_of: IsoDate | null = null): Promise<Outcome<RoundView>> =>
  call<RoundView>("round_view", { round, as_of });

/** What each bidder's letter must say (needs an award decision in force). */
export const roundNotices = (round: string): Promise<Outcome<Notice[]>> => call<Notice[]>("round_notices", { round });

export const createRound = (form: CreateRoundForm): Promise<Outcome<RoundView>> =>
  call<RoundView>("create_round", { form });

export const inviteProviders = (form: InviteForm): Promise<Outcome<RoundView>> =>
  call<RoundView>("invite_providers", { form });

export const addClarification = (form: ClarificationForm): Promise<Outcome<RoundView>> =>
  call<RoundView>("add_clarification", { form });

/** Changes the evaluation model; refused once the bids are opened, a mark is entered or awarded. */
export const updateEvaluationModel = (form: EvaluationModelForm): Promise<Outcome<RoundView>> =>
  call<RoundView>("update_evaluation_model", { form });

/** The evaluation model form filled in from the round's current model. */
export const evaluationModelForm = (round: string): Promise<Outcome<EvaluationModelForm>> =>
  call<EvaluationModelForm>("evaluation_model_form", { round });

/** Changes a recorded bid's status and gate results; refused once the round is awarded. */
export const updateBid = (form: BidUpdateForm): Promise<Outcome<RoundView>> => call<RoundView>("update_bid", { form });

/** Records the drawing of lots that breaks a tie no tie-break rule broke. */
export const recordDrawing = (form: DrawingForm): Promise<Outcome<RoundView>> =>
  call<RoundView>("record_drawing", { form });

/** Records a bid; `late` says it arrived after the deadline. Prices stay sealed until opened. */
export const recordBid = (form: BidForm): Promise<Outcome<BidRecorded>> => call<BidRecorded>("record_bid", { form });

/** Opens the sealed bids now (refused before the deadline). */
export const openBids = (round: string): Promise<Outcome<RoundView>> => call<RoundView>("open_bids", { round });

export const addEvaluator = (form: EvaluatorForm): Promise<Outcome<EvaluatorView>> =>
  call<EvaluatorView>("add_evaluator", { form });

export const declareInterest = (form: DeclarationForm): Promise<Outcome<EvaluatorView>> =>
  call<EvaluatorView>("declare_interest", { form });

/** One cell of the marks grid (quality, interview or social value question). */
export const enterMark = (form: MarkForm): Promise<Outcome<MarkView>> => call<MarkView>("enter_mark", { form });

export const enterModeratedMark = (form: ModeratedMarkForm): Promise<Outcome<ModeratedView>> =>
  call<ModeratedView>("enter_moderated_mark", { form });

/** Records the award decision from the computed result, with its standstill end. */
export const recordAward = (form: AwardForm): Promise<Outcome<AwardView>> => call<AwardView>("record_award", { form });

/** Withdraws the decision in force with the reason (required); the round's marks unlock. */
export const withdrawAward = (form: WithdrawAwardForm): Promise<Outcome<RoundView>> =>
  call<RoundView>("withdraw_award", { form });

// ---- Contracts -----------------------------------------------------------------------------

/** One page of contracts with their position as at a date (default 100 rows, at most 500). */
export const listContracts = (query: ContractQuery): Promise<Outcome<ContractPage>> =>
  call<ContractPage>("list_contracts", { query });

export const contractPosition = (contract: string, as_of: IsoDate | null = null): Promise<Outcome<ContractPosition>> =>
  call<ContractPosition>("contract_position", { contract, as_of });

/** Exercises or declines an extension option. */
export const decideOption = (form: OptionForm): Promise<Outcome<ContractPosition>> =>
  call<ContractPosition>("decide_option", { form });

// ---- Spend, activity, rates, coverage, calendar ----------------------------------------------

/** Spend against the approved cap, every amount in pence. */
export const spendSummary = (arrangement: string, as_of: IsoDate | null = null): Promise<Outcome<SpendView>> =>
  call<SpendView>("spend_summary", { arrangement, as_of });

export const activity = (as_of: IsoDate | null = null, arrangements: string[] = []): Promise<Outcome<ActivityReport>> =>
  call<ActivityReport>("activity", { as_of, arrangements });

/** The hourly rates paid: per group, all of them then by setting and by zone, in pence. */
export const rates = (as_of: IsoDate | null = null, arrangements: string[] = []): Promise<Outcome<RatesView>> =>
  call<RatesView>("rates", { as_of, arrangements });

export const coverage = (as_of: IsoDate | null = null, lot: string | null = null): Promise<Outcome<CoverageReport>> =>
  call<CoverageReport>("coverage", { as_of, lot });

/** Bank holidays of a year in one nation, or in all three (null). */
export const holidays = (year: number, nation: Nation | null = null): Promise<Outcome<Holiday[]>> =>
  call<Holiday[]>("holidays", { year, nation });

/** The standstill from a date under a regime, or under the council's (null). */
export const standstill = (from: IsoDate, regime: Regime | null = null): Promise<Outcome<Standstill>> =>
  call<Standstill>("standstill", { regime, from });

// ---- Settings ------------------------------------------------------------------------------

export const settings = (): Promise<Outcome<SettingsForm>> => call<SettingsForm>("settings");

export const saveSettings = (form: SettingsForm): Promise<Outcome<SettingsForm>> =>
  call<SettingsForm>("save_settings", { form });

// ---- Files (native dialogs opened by the app) -------------------------------------------------

export const importDataset = (onProgress?: (p: Progress) => void): Promise<Outcome<FileOutcome>> =>
  call<FileOutcome>("import_dataset", { on_progress: progressChannel(onProgress) });

export const exportDataset = (include_sealed = false): Promise<Outcome<FileOutcome>> =>
  call<FileOutcome>("export_dataset", { include_sealed });

export const backupStore = (): Promise<Outcome<FileOutcome>> => call<FileOutcome>("backup_store");

/** Restores a backup into the store, which must be empty. */
export const restoreBackup = (onProgress?: (p: Progress) => void): Promise<Outcome<FileOutcome>> =>
  call<FileOutcome>("restore_backup", { on_progress: progressChannel(onProgress) });

/** The folder the store is kept in (a restore keeps the data in use aside beside it). */
export const dataFolder = (): Promise<Outcome<string>> => call<string>("data_folder");

/** End-to-end test mode only (TENDERDESK_E2E_DIALOG_DIR): the file the app last "opened". */
export const lastOpenedPath = (): Promise<Outcome<string | null>> => call<string | null>("last_opened_path");

// ---- Reports (saved through a native dialog, then opened) --------------------------------------

/** The committee report of an arrangement: asks where to save, saves, opens the PDF. */
export const reportCommittee = (
  form: CommitteeReportForm,
  onProgress?: (p: Progress) => void,
): Promise<Outcome<FileOutcome>> =>
  call<FileOutcome>("report_committee", { form, on_progress: progressChannel(onProgress) });

/** A letter to every bidder of an awarded round, into a folder the officer chooses. */
export const reportLetters = (round: string, onProgress?: (p: Progress) => void): Promise<Outcome<FileOutcome>> =>
  call<FileOutcome>("report_letters", { round, on_progress: progressChannel(onProgress) });

export const reportMatrix = (round: string, onProgress?: (p: Progress) => void): Promise<Outcome<FileOutcome>> =>
  call<FileOutcome>("report_matrix", { round, on_progress: progressChannel(onProgress) });

export const reportFoi = (as_of: IsoDate | null = null, onProgress?: (p: Progress) => void): Promise<Outcome<FileOutcome>> =>
  call<FileOutcome>("report_foi", { as_of, on_progress: progressChannel(onProgress) });

export const reportRegister = (
  as_of: IsoDate | null = null,
  onProgress?: (p: Progress) => void,
): Promise<Outcome<FileOutcome>> =>
  call<FileOutcome>("report_register", { as_of, on_progress: progressChannel(onProgress) });

/** The committee narrative of an arrangement (null fields keep the text kept; blank removes it). */
export const saveCommitteeNotes = (form: CommitteeNotesForm): Promise<Outcome<null>> =>
  call<null>("save_committee_notes", { form });
