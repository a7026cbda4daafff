/**
 * Office-hours windows: the days and times a Client VPN keeps its subnet associations. Pure helpers shared by the
 * config checks (stacks/), the component that turns a window into EventBridge schedules, and the cost report.
 */
import { defaultsOf } from "./keys/define";
import { vpn } from "./keys/services";
import { timeZone } from "./predicates";

/** When the VPN is reachable. Times are local to `timezone`; the window starts and ends on the same day. */
export interface OfficeHours {
    /** Days in EventBridge's day-of-week syntax: a range such as MON-FRI, or a list such as MON,WED,FRI. */
    days: string;
    /** "HH:MM", 24-hour. */
    start: string;
    /** "HH:MM", 24-hour, after `start`. */
    end: string;
    /** IANA time zone, such as Europe/Berlin; schedules follow its daylight-saving changes. */
    timezone: string;
}

/** vpn.officeHours' default (stacks/keys/services.ts): weekdays 08:00-18:00, 50 hours a week. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = defaultsOf(vpn.fields.officeHours.fields, "dev");

/** In cron's order: SUN is 1 in EventBridge, so a range must run SUN..SAT without wrapping. */
export const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** The distinct days (0 = SUN) a day expression names, or a problem text when it is not one. */
export function expandDays(text: string): number[] | string {
    const days = new Set<number>();
    for (const part of text.split(",")) {
        const m = /^([A-Z]{3})(?:-([A-Z]{3}))?$/.exec(part.trim());
        const from = m ? DAY_NAMES.indexOf(m[1]) : -1;
        const to = m?.[2] ? DAY_NAMES.indexOf(m[2]) : from;
        if (from < 0 || to < 0)
            return `is not a list of days. Use SUN, MON, TUE, WED, THU, FRI, SAT as a range or a list, such as MON-FRI or MON,WED,FRI.`;
        if (to < from)
            return `has the range ${part.trim()}, which runs backwards; ranges run SUN to SAT. Use a list such as ${DAY_NAMES[from]},...,${DAY_NAMES[to]} instead.`;
        for (let d = from; d <= to; d++) days.add(d);
    }
    return [...days].sort((a, b) => a - b);
}

/** Minutes after midnight of "HH:MM", or undefined when it is not a 24-hour time. */
export function parseClock(text: string): number | undefined {
    const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
    return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** What is wrong with a window, per field, each with its fix; empty when it is usable. */
export function officeHoursProblems(hours: OfficeHours): { field: keyof OfficeHours; what: string; use: string }[] {
    const out: { field: keyof OfficeHours; what: string; use: string }[] = [];
    const days = expandDays(hours.days);
    if (typeof days === "string") out.push({ field: "days", what: days, use: "MON-FRI" });
    const start = parseClock(hours.start);
    const end = parseClock(hours.end);
    if (start === undefined) out.push({ field: "start", what: "is not a 24-hour time. Use HH:MM, such as 08:00.", use: "08:00" });
    if (end === undefined) out.push({ field: "end", what: "is not a 24-hour time. Use HH:MM, such as 18:00.", use: "18:00" });
    if (start !== undefined && end !== undefined && end <= start) {
        out.push({
            field: "end",
            what: `is not after start ${hours.start}; the window must end on the day it starts. Use an end after the start, or set vpn.alwaysOn to true for round-the-clock access.`,
            use: "23:59",
        });
    }
    const zone = timeZone(hours.timezone);
    if (zone) out.push({ field: "timezone", what: zone.what, use: zone.use as string });
    return out;
}

/** EventBridge Scheduler's cron for `time` on `days`: cron(minutes hours day-of-month month day-of-week year). */
export function cronAt(time: string, days: string): string {
    const [h, m] = time.split(":").map(Number);
    return `cron(${m} ${h} ? * ${days} *)`;
}

/** The time and days (expanded, and as written) of a cron made by {@link cronAt}, or undefined for any other expression. */
export function parseCron(expression: string): { minutes: number; days: number[]; dayField: string } | undefined {
    const m = /^cron\((\d{1,2}) (\d{1,2}) \? \* (\S+) \*\)$/.exec(expression);
    if (!m) return undefined;
    const days = expandDays(m[3]);
    if (typeof days === "string" || Number(m[2]) > 23 || Number(m[1]) > 59) return undefined;
    return { minutes: Number(m[2]) * 60 + Number(m[1]), days, dayField: m[3] };
}

/** Hours a week the window is open. */
export function weeklyHours(hours: OfficeHours): number {
    if (officeHoursProblems(hours).length > 0) throw new Error(`weeklyHours: invalid office hours ${JSON.stringify(hours)}`);
    const days = expandDays(hours.days) as number[];
    return (days.length * (parseClock(hours.end)! - parseClock(hours.start)!)) / 60;
}
