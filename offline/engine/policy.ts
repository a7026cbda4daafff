import { type RuleResult, runRules } from "../../policy/run";
import type { PolicyResource, Rule, Tier, UntypedProps } from "../../policy/types";
import type { RecordedResource, Registry } from "./registry";

/** A recorded resource as the policy rules see it: props are the inputs, the urn is the registry key. */
export function toPolicyResource(r: RecordedResource): PolicyResource {
    return {
        type: r.type,
        name: r.name,
        urn: r.key,
        props: r.inputs,
        id: r.id,
        parent: r.parent,
        protect: r.protect,
        provider: r.provider,
    };
}

export function checkPolicies(registry: Registry, options: { tier?: Tier; rules?: Rule[] } = {}): RuleResult[] {
    return runRules(registry.resources.map(toPolicyResource), options);
}

/** A hand-made resource for rule tests: `res("aws:rds/instance:Instance", "db", { storageEncrypted: true })`. */
export function res(type: string, name: string, props: UntypedProps, extra: Partial<PolicyResource> = {}): PolicyResource {
    return { type, name, urn: `${type}::${name}`, props, protect: false, ...extra };
}
