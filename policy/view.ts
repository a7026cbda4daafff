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

export function stackView(resources: PolicyResource[], tier: Tier = tierOf(resources)): StackView {
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
