/**
 * The date strip under a masthead or above an article:
 * «موسكو — الأحد 29 نوفمبر 2026 م — 19 جمادى الآخرة 1448 هـ».
 *
 * The Hijri date is the Umm al-Qura calendar (the official calendar of Saudi Arabia) as ICU
 * computes it through `Intl.DateTimeFormat`; the names are fixed tables (the same words ICU's
 * Arabic locale data prints) so that the output does not drift with the ICU version.
 */

/** Gregorian month names as used in Egypt and the Gulf (ICU's `ar`/`ar-EG`), not the Levantine ones. */
export const GREGORIAN_MONTHS_AR = [
  "يناير",
  "فبراير",
  "مارس",
  "أبريل",
  "مايو",
  "يونيو",
  "يوليو",
  "أغسطس",
  "سبتمبر",
  "أكتوبر",
  "نوفمبر",
  "ديسمبر",
] as const;

/** Hijri month names, month 1 (محرم) to 12 (ذو الحجة), as ICU's `ar` locale prints them. */
export const HIJRI_MONTHS_AR = [
  "محرم",
  "صفر",
  "ربيع الأول",
  "ربيع الآخر",
  "جمادى الأولى",
  "جمادى الآخرة",
  "رجب",
  "شعبان",
  "رمضان",
  "شوال",
  "ذو القعدة",
  "ذو الحجة",
] as const;

/** Weekday names, Sunday first (the order of `Date.prototype.getUTCDay`). */
export const WEEKDAYS_AR = [
  "الأحد",
  "الاثنين",
  "الثلاثاء",
  "الأربعاء",
  "الخميس",
  "الجمعة",
  "السبت",
] as const;

/** What separates the place, the Gregorian date and the Hijri date in the strip. */
export const DATE_STRIP_SEPARATOR = " — ";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instant at 12:00 UTC on a YYYY-MM-DD calendar date, or undefined when the string is not a
 * real date ("yesterday", "2026-02-30", "2026-13-01"). Noon keeps every time zone on the same day.
 */
export function parseIsoDate(date: string): Date | undefined {
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const d = new Date(Date.UTC(2000, 0, 1, 12));
  d.setUTCFullYear(year, month - 1, day); // setUTCFullYear: years 0-99 are not shifted to 19xx
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return undefined;
  }
  return d;
}

function requireDate(date: string): Date {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return d;
}

export interface HijriDate {
  year: number;
  /** 1 (محرم) to 12 (ذو الحجة). */
  month: number;
  day: number;
}

/** Made on first use: the first Intl object of a process costs ~15 ms of ICU start-up. */
let hijriFormat: Intl.DateTimeFormat | undefined;

/** Hijri dates already worked out: Intl's calendar costs a tenth of a millisecond a call. */
const hijriDates = new Map<string, HijriDate>();
const HIJRI_CACHE_LIMIT = 10_000;

/** The Umm al-Qura date of a YYYY-MM-DD Gregorian date. */
export function hijriDate(date: string): HijriDate {
  const known = hijriDates.get(date);
  if (known) return { ...known };
  hijriFormat ??= new Intl.DateTimeFormat("en-u-ca-islamic-umalqura-nu-latn", {
    timeZone: "UTC",
    year: "numeric",
    month: "numeric",
    day: "numeric",
  });
  const parts = hijriFormat.formatToParts(requireDate(date));
  const get = (type: string): number => {
    const part = parts.find((p) => p.type === type);
    const value = part ? Number(part.value) : Number.NaN;
    if (!Number.isInteger(value)) {
      throw new Error(`Intl gave no ${type} for the Hijri date of ${date}`);
    }
    return value;
  };
  const hijri = { year: get("year"), month: get("month"), day: get("day") };
  if (hijriDates.size >= HIJRI_CACHE_LIMIT) hijriDates.clear();
  hijriDates.set(date, hijri);
  return { ...hijri };
}

/** «الأحد 29 نوفمبر 2026 م». */
export function formatGregorianDate(date: string): string {
  const d = requireDate(date);
  const weekday = WEEKDAYS_AR[d.getUTCDay()] as string;
  const month = GREGORIAN_MONTHS_AR[d.getUTCMonth()] as string;
  return `${weekday} ${d.getUTCDate()} ${month} ${d.getUTCFullYear()} م`;
}

/** «19 جمادى الآخرة 1448 هـ». */
export function formatHijriDate(date: string): string {
  const h = hijriDate(date);
  const month = HIJRI_MONTHS_AR[h.month - 1];
  if (!month) throw new Error(`Intl gave Hijri month ${h.month} for ${date}`);
  return `${h.day} ${month} ${h.year} هـ`;
}

/**
 * «موسكو — الأحد 29 نوفمبر 2026 م — 19 جمادى الآخرة 1448 هـ»; without a place the strip starts
 * at the weekday. Digits are Western (0-9), as Arabic newspapers in the Gulf and Egypt print them.
 * Throws a RangeError when `date` is not a real YYYY-MM-DD date (the article schema rejects those
 * first, naming the file).
 */
export function formatDateStrip(place: string | undefined, date: string): string {
  const pieces = [formatGregorianDate(date), formatHijriDate(date)];
  const where = place?.trim();
  if (where) pieces.unshift(where);
  return pieces.join(DATE_STRIP_SEPARATOR);
}
