import * as pulumi from "@pulumi/pulumi";
import { PodIdentityRole } from "../cluster/pod-identity";

/** Service accounts the releases run as; the Pod Identity associations name the same ones. */
export const LOGS_SERVICE_ACCOUNT = "fluent-bit";
export const TRACES_SERVICE_ACCOUNT = "jaeger";
/** Fluent Bit only writes: _bulk is a POST, index creation a PUT, and it GETs for its health checks. */
export const LOGS_SEARCH_ACTIONS = ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"];
/** Jaeger writes spans and creates its index templates (PUT), and the query service reads them (GET/HEAD/POST _search). */
export const TRACES_SEARCH_ACTIONS = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"];

/** An identity policy allowing `actions` on the domain's paths only (`<domainArn>/*`). */
export function searchAccessPolicy(domainArn: string, actions: string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "OpenSearchHttp", Effect: "Allow", Action: actions, Resource: `${domainArn}/*` }],
    });
}

/** Arguments of {@link ObservabilityRoles}. */
export interface ObservabilityRolesArgs {
    clusterName: pulumi.Input<string>;
    /**
     * The OpenSearch domain's ARN, computed from its plain name (the data layer's `searchDomainArn`), not read from the
     * domain: the domain's access policy lists these roles, so the roles cannot wait for it.
     */
    searchDomainArn: pulumi.Input<string>;
    /** Namespace of Fluent Bit (logging). */
    logsNamespace: string;
    /** Namespace of Jaeger (observability). */
    tracesNamespace: string;
}

/**
 * The Pod Identity roles of the log and trace shippers, split from their releases so they exist before the OpenSearch
 * domain (whose access policy admits them) while the releases come after it (they need its endpoint):
 * roles -> domain -> releases, no cycle.
 */
export class ObservabilityRoles extends pulumi.ComponentResource {
    /** Role of logging/fluent-bit; the domain's access policy must admit it. */
    public readonly logsRoleArn: pulumi.Output<string>;
    /** Role of observability/jaeger; the domain's access policy must admit it. */
    public readonly tracesRoleArn: pulumi.Output<string>;

    constructor(name: string, args: ObservabilityRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:ObservabilityRoles", name, {}, opts);
        const child = { parent: this };
        const policy = (actions: string[]) => pulumi.output(args.searchDomainArn).apply((arn) => searchAccessPolicy(arn, actions));
        const logs = new PodIdentityRole(
            `${name}-logs`,
            {
                clusterName: args.clusterName,
                namespace: args.logsNamespace,
                serviceAccount: LOGS_SERVICE_ACCOUNT,
                policyDocuments: [policy(LOGS_SEARCH_ACTIONS)],
            },
            child,
        );
        const traces = new PodIdentityRole(
            `${name}-traces`,
            {
                clusterName: args.clusterName,
                namespace: args.tracesNamespace,
                serviceAccount: TRACES_SERVICE_ACCOUNT,
                policyDocuments: [policy(TRACES_SEARCH_ACTIONS)],
            },
            child,
        );
        this.logsRoleArn = logs.roleArn;
        this.tracesRoleArn = traces.roleArn;
        this.registerOutputs({ logsRoleArn: this.logsRoleArn, tracesRoleArn: this.tracesRoleArn });
    }
}
