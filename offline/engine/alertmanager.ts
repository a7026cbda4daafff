/**
 * Which receiver Alertmanager's routing tree gives an alert, and whether an inhibit rule could mute it, by
 * Alertmanager's rules (prometheus.io/docs/alerting/latest/configuration): child routes in order, the first match
 * wins unless it sets `continue`, a route without a receiver inherits its parent's; matchers `=`, `!=`, `=~`, `!~`
 * with regular expressions anchored at both ends. Only the `matchers` form (the one the program writes) is read.
 */

type Labels = Record<string, string>;
interface Route {
    receiver?: string;
    matchers?: string[];
    continue?: boolean;
    routes?: Route[];
}

export function matcher(text: string): (labels: Labels) => boolean {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
    if (!m) throw new Error(`not a matcher: ${text}`);
    const [, name, op, raw] = m;
    const value = raw.startsWith('"') && raw.endsWith('"') ? (JSON.parse(raw) as string) : raw;
    const re = new RegExp(`^(?:${value})$`);
    return (labels) => {
        const v = labels[name] ?? "";
        switch (op) {
            case "=":
                return v === value;
            case "!=":
                return v !== value;
            case "=~":
                return re.test(v);
            default:
                return !re.test(v);
        }
    };
}

const matchesAll = (matchers: string[] | undefined, labels: Labels) => (matchers ?? []).every((t) => matcher(t)(labels));

/** The receivers an alert with `labels` is sent to from `route` (the root, which matches everything). */
export function receiversOf(route: Route, labels: Labels, inherited?: string): string[] {
    const receiver = route.receiver ?? inherited;
    const out: string[] = [];
    for (const child of route.routes ?? []) {
        if (!matchesAll(child.matchers, labels)) continue;
        out.push(...receiversOf(child, labels, receiver));
        if (!child.continue) return out;
    }
    return out.length > 0 ? out : receiver ? [receiver] : [];
}

/** Inhibit rules whose target matchers select the alert: rules that could mute it. */
export function inhibitorsOf(rules: { target_matchers?: string[] }[], labels: Labels): number[] {
    return rules.flatMap((r, i) => (matchesAll(r.target_matchers, labels) ? [i] : []));
}
