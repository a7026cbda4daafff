import { PolicyPack, PolicyResource as AnalyzerResource } from "@pulumi/policy";
import { rules } from "./rules";
import { PolicyResource } from "./types";
import { stackView } from "./view";

/** The analyzer's view of a resource, reduced to what the rules read. */
function toPolicyResource(r: AnalyzerResource): PolicyResource {
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: r.props,
        id: typeof r.props.id === "string" ? r.props.id : undefined,
        parent: r.parent?.urn,
        protect: r.opts.protect,
        provider: r.provider?.name,
    };
}

// Used as `pulumi preview --policy-pack policy`; the same rules run offline through policy/run.ts.
new PolicyPack("platform", {
    policies: rules.map((rule) => ({
        name: rule.name,
        description: `${rule.id}: ${rule.description}`,
        enforcementLevel: rule.enforcement,
        validateStack: (args, reportViolation) => {
            const view = stackView(args.resources.map(toPolicyResource));
            for (const v of rule.check(view)) reportViolation(v.message, v.urn);
        },
    })),
});
