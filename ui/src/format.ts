const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2024-01-01" → "1 Jan 2024" (GOV.UK style for tables); anything else is shown as it is. */
export function shortDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  const name = MONTHS[Number(month) - 1];
  return name ? `${Number(day)} ${name} ${year}` : iso;
}

/** A decimal string as a number, for drawing only (never for sums shown to the officer). */
export function toNumber(value: string | null | undefined): number {
  if (!value) return 0;
  const n = Number(value.replaceAll(",", "").replace("£", ""));
  return Number.isFinite(n) ? n : 0;
}

/** "2025-01-31T12:00:00Z" → "31 Jan 2025 12:00" in UK time. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(d);
  return parts.replace(",", "");
}

/** "contract_expiring" → "Contract expiring". */
export function humanise(code: string | null | undefined): string {
  if (!code) return "";
  const words = code.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Today as "YYYY-MM-DD" in UK time. */
export function todayIso(): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date());
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** 123456 (pence) → "£1,234.56". Money crosses from Rust as integer pence, and every amount the
 * window shows is written by this one function. */
export function pence(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return "";
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(amount));
  const pounds = Math.trunc(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, "0")}`;
}

/** "21.50", "£1,021.5" → pence (2150, 102150); anything else → null. */
export function toPence(text: string): number | null {
  const match = /^£?\s*([0-9][0-9,]*)(?:\.([0-9]{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const pounds = Number((match[1] ?? "0").replaceAll(",", ""));
  const pence = Number(((match[2] ?? "") + "00").slice(0, 2));
  return pounds * 100 + pence;
}
