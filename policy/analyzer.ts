import type { PolicyResource as AnalyzerResource } from "@pulumi/policy";
import type { PolicyResource } from "./types";

/**
 * The analyzer's view of a resource, reduced to what the rules read. Its props stay untyped here: rules type them
 * through `StackView.ofClass`, the same way for this path and for the offline harness.
 */
export function toPolicyResource(r: AnalyzerResource): PolicyResource {
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
