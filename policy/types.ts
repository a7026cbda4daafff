/** Self-contained so the pack runs as its own directory under `pulumi preview --policy-pack policy`. */
export type Tier = "dev" | "staging" | "prod";

/** A declared resource as a rule sees it: the same shape from the real policy analyzer and from the offline harness. */
export interface PolicyResource {
    type: string;
    name: string;
    urn: string;
    /** Inputs (offline) or inputs merged with known outputs (under `pulumi preview`). */
    props: Record<string, any>;
    /** Resource id when known (offline: the mock's fake id; in preview: often unknown). */
    id?: string;
    /** URN of the parent. */
    parent?: string;
    protect: boolean;
    /** Name of the provider resource, when explicit or inherited. */
    provider?: string;
}

export interface Violation {
    rule: string;
    /** URN of the offending resource, if one. */
    urn?: string;
    message: string;
}

export interface StackView {
    tier: Tier;
    resources: PolicyResource[];
    ofType(...types: string[]): PolicyResource[];
    /** The resource whose id is `id`, when ids are known. */
    byId(id: unknown): PolicyResource | undefined;
}

/** One property of docs/policy.md as a plain function over the whole stack. */
export interface Rule {
    /** Rule id in docs/policy.md, e.g. "N1". */
    id: string;
    /** Policy name as Pulumi shows it (kebab-case). */
    name: string;
    description: string;
    enforcement: "mandatory" | "advisory";
    check(stack: StackView): Violation[];
}
