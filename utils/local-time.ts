/** How a time is shown: date and time to the second, 24-hour clock (components/LocalTime.vue). */
export const LOCAL_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
}

/** One formatter per language, made on first use: building one costs far more than formatting. */
const formatters = new Map<string, Intl.DateTimeFormat>()

/** The formatter of `locale` (in this runtime's time zone), cached. */
export function localTimeFormatter(locale: string): Intl.DateTimeFormat {
  let formatter = formatters.get(locale)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, LOCAL_TIME_OPTIONS)
    formatters.set(locale, formatter)
  }
  return formatter
}

/** An ISO time as `locale` writes it in this runtime's time zone; the ISO text itself if it is not a time. */
export function formatLocalTime(iso: string, locale: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : localTimeFormatter(locale).format(date)
}
