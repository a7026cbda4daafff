import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { vendoredChart } from "../charts";
import { RELEASE_TIMEOUT_SECONDS } from "./common";
import { LOGS_SERVICE_ACCOUNT } from "./roles";

/**
 * fluent/helm-charts fluent-bit 0.58.1 (Fluent Bit 5.1.1; EKS Pod Identity credentials since fluent/fluent-bit#10115),
 * vendored in charts/ (charts/charts.lock.json).
 */
const FLUENT_BIT = vendoredChart("fluent-bit");
export const FLUENT_BIT_CHART = FLUENT_BIT.chart;
export const FLUENT_BIT_CHART_VERSION = FLUENT_BIT.version;

/** Inputs of {@link logsValues}: plain values. */
export interface LogsValuesArgs {
    /** OpenSearch domain endpoint, a host name without scheme (aws.opensearch.Domain.endpoint). */
    searchEndpoint: string;
    region: string;
    /** Daily indices are <prefix>-YYYY.MM.DD. */
    indexPrefix: string;
}

/** Values of the Fluent Bit release: tail container logs, enrich with Kubernetes metadata, ship to OpenSearch with SigV4. */
export function logsValues(args: LogsValuesArgs): Record<string, any> {
    return {
        fullnameOverride: "fluent-bit",
        serviceAccount: { create: true, name: LOGS_SERVICE_ACCOUNT },
        rbac: { create: true },
        // The chart's test pod runs busybox:latest (K6).
        testFramework: { enabled: false },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        // Accepted K2 exception: reading node logs needs root and hostPath mounts of /var/log; nothing else is granted.
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        config: {
            inputs: [
                "[INPUT]",
                "    Name tail",
                "    Path /var/log/containers/*.log",
                "    Exclude_Path /var/log/containers/fluent-bit-*.log",
                "    multiline.parser docker, cri",
                "    Tag kube.*",
                "    DB /var/log/flb_kube.db",
                "    Mem_Buf_Limit 50MB",
                "    Skip_Long_Lines On",
                "",
            ].join("\n"),
            filters: [
                "[FILTER]",
                "    Name kubernetes",
                "    Match kube.*",
                "    Merge_Log On",
                "    Keep_Log Off",
                "    K8S-Logging.Parser On",
                "    K8S-Logging.Exclude On",
                "",
            ].join("\n"),
            outputs: [
                "[OUTPUT]",
                "    Name opensearch",
                "    Match kube.*",
                `    Host ${args.searchEndpoint}`,
                "    Port 443",
                "    tls On",
                "    tls.verify On",
                "    AWS_Auth On",
                `    AWS_Region ${args.region}`,
                "    Logstash_Format On",
                `    Logstash_Prefix ${args.indexPrefix}`,
                "    Logstash_DateFormat %Y.%m.%d",
                // OpenSearch 2.x rejects mapping types.
                "    Suppress_Type_Name On",
                // Label keys such as app.kubernetes.io/name otherwise clash with object mappings.
                "    Replace_Dots On",
                "    Trace_Error On",
                "    Buffer_Size False",
                // Retry forever: tail pauses at Mem_Buf_Limit and resumes from its DB offsets, so nothing is dropped.
                "    Retry_Limit False",
                "",
            ].join("\n"),
        },
    };
}

/** Arguments of {@link Logs}. */
export interface LogsArgs {
    /** Namespace from the tenancy layer (logging); must match ObservabilityRoles' logsNamespace. */
    namespace: string;
    /** OpenSearch endpoint (host name, no scheme). */
    searchEndpoint: pulumi.Input<string>;
    region: string;
    /** Default: logs. */
    indexPrefix?: string;
}

/**
 * Fluent Bit as a DaemonSet, shipping container logs to the OpenSearch domain. It authenticates with SigV4 as the
 * logging/fluent-bit Pod Identity role of {@link ObservabilityRoles}: pass that component (and the namespace) in
 * `opts.dependsOn`, since Pod Identity credentials are injected when a pod starts.
 */
export class Logs extends pulumi.ComponentResource {
    constructor(name: string, args: LogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:observability:Logs", name, {}, opts);
        const values = pulumi.output(args.searchEndpoint).apply((searchEndpoint) =>
            logsValues({ searchEndpoint, region: args.region, indexPrefix: args.indexPrefix ?? "logs" }));
        new k8s.helm.v3.Release(`${name}-fluent-bit`, {
            name: "fluent-bit",
            chart: FLUENT_BIT_CHART,
            version: FLUENT_BIT_CHART_VERSION,
            namespace: args.namespace,
            createNamespace: false,
            values,
            timeout: RELEASE_TIMEOUT_SECONDS,
        }, { parent: this, dependsOn: opts?.dependsOn });
        this.registerOutputs({});
    }
}
