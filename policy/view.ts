import { PolicyResource, StackView, Tier, Violation } from "./types";

const TIERS: Tier[] = ["dev", "staging", "prod"];

/**
 * The tier comes from the environment tag the program puts on its AWS provider's default tags. When it cannot be
 * read, rules assume prod: the strictest reading is the safe one.
 */
export function tierOf(resources: PolicyResource[]): Tier {
    for (const r of resources) {
        if (r.type !== "pulumi:providers:aws") continue;
        let tags = r.props.defaultTags;
        if (typeof tags === "string") {
            try {
                tags = JSON.parse(tags);
            } catch {
                tags = undefined;
            }
        }
        const env = tags?.tags?.environment;
        if (TIERS.includes(env)) return env;
    }
    return "prod";
}

// Pulumi's wire form of a secret value ({"4dabf...": "1b470...", value}). Mocks and some analyzer paths hand rules
// props in that form; unwrapped once here, no rule can be blinded by a secret it does not look at.
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** `value` with every wire-form secret replaced by its plain value. */
export function unwrapSecrets(value: any): any {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value === null || typeof value !== "object") return value;
    if (value[SECRET_SIG_KEY] === SECRET_SIG) return unwrapSecrets(value.value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}

export function stackView(input: PolicyResource[], tier: Tier = tierOf(input)): StackView {
    const resources = input.map((r) => ({ ...r, props: unwrapSecrets(r.props) }));
    const byId = new Map<string, PolicyResource>();
    for (const r of resources) if (typeof r.id === "string" && r.id !== "") byId.set(r.id, r);
    return {
        tier,
        resources,
        ofType: (...types) => resources.filter((r) => types.includes(r.type)),
        byId: (id) => (typeof id === "string" ? byId.get(id) : undefined),
    };
}

/** Builds a violation for rule `id` about resource `r`. */
export const violation = (id: string, r: PolicyResource | undefined, message: string): Violation => ({ rule: id, urn: r?.urn, message });

export const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
