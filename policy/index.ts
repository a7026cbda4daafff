import { PolicyPack } from "@pulumi/policy";
import { toPolicyResource } from "./analyzer";
import { rules } from "./rules";
import { stackView } from "./view";

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
