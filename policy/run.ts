import { rules as allRules } from "./rules";
import type { PolicyResource, Rule, Tier, Violation } from "./types";
import { stackView } from "./view";

export interface RuleResult {
    rule: Rule;
    violations: Violation[];
}

/** Runs the rules in-process over declared resources: what the tests and `npm run synth` do without an engine. */
export function runRules(resources: PolicyResource[], options: { tier?: Tier; rules?: Rule[] } = {}): RuleResult[] {
    const view = stackView(resources, options.tier);
    return (options.rules ?? allRules).map((rule) => ({ rule, violations: rule.check(view) }));
}

export function mandatoryViolations(results: RuleResult[]): Violation[] {
    return results.filter((r) => r.rule.enforcement === "mandatory").flatMap((r) => r.violations);
}
