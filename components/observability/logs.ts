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

/**
 * Where Fluent Bit keeps chunks not yet delivered: a hostPath, so they survive a restart, an OOM kill or a
 * rescheduled pod on the same node. The tail input saves its offsets (DB) when it reads a chunk, not when the chunk is
 * delivered (plugins/in_tail/tail_file.c at v5.1.1): only a filesystem buffer keeps what was read but not yet sent.
 */
export const LOGS_STORAGE_HOST_PATH = "/var/fluent-bit/state";
export const LOGS_STORAGE_PATH = `${LOGS_STORAGE_HOST_PATH}/flb-storage/`;
/** Upper bound of the backlog on each node's disk; beyond it the oldest chunks of the output are dropped. */
export const LOGS_BUFFER_LIMIT = "2G";
/** Port of Fluent Bit's HTTP server: health checks and /api/v2/metrics/prometheus (the chart's `metricsPort`). */
export const LOGS_METRICS_PORT = 2020;

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
        podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
        securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        extraVolumes: [{ name: "flb-storage", hostPath: { path: LOGS_STORAGE_HOST_PATH, type: "DirectoryOrCreate" } }],
        extraVolumeMounts: [{ name: "flb-storage", mountPath: LOGS_STORAGE_HOST_PATH }],
        config: {
            // The chart's [SERVICE] plus the filesystem buffer (option names of src/flb_config.c at v5.1.1).
            service: [
                "[SERVICE]",
                "    Daemon Off",
                "    Flush {{ .Values.flush }}",
                "    Log_Level {{ .Values.logLevel }}",
                "    Parsers_File /fluent-bit/etc/parsers.conf",
                "    Parsers_File /fluent-bit/etc/conf/custom_parsers.conf",
                "    HTTP_Server On",
                "    HTTP_Listen 0.0.0.0",
                "    HTTP_Port {{ .Values.metricsPort }}",
                "    Health_Check On",
                `    storage.path ${LOGS_STORAGE_PATH}`,
                "    storage.sync normal",
                "    storage.checksum Off",
                // Chunks held in memory at once; the rest wait on disk (replaces Mem_Buf_Limit, which only bounds memory buffering).
                "    storage.max_chunks_up 128",
                // Memory for chunks found on disk at start-up (the backlog of the previous run), sent before new ones.
                "    storage.backlog.mem_limit 16M",
                "    storage.metrics On",
                "",
            ].join("\n"),
            inputs: [
                "[INPUT]",
                "    Name tail",
                "    Path /var/log/containers/*.log",
                "    Exclude_Path /var/log/containers/fluent-bit-*.log",
                "    multiline.parser docker, cri",
                "    Tag kube.*",
                "    DB /var/log/flb_kube.db",
                "    storage.type filesystem",
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
                // Retry forever: undelivered chunks wait in the filesystem buffer, across restarts, up to its limit.
                "    Retry_Limit False",
                `    storage.total_limit_size ${LOGS_BUFFER_LIMIT}`,
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
        const values = pulumi
            .output(args.searchEndpoint)
            .apply((searchEndpoint) => logsValues({ searchEndpoint, region: args.region, indexPrefix: args.indexPrefix ?? "logs" }));
        new k8s.helm.v3.Release(
            `${name}-fluent-bit`,
            {
                name: "fluent-bit",
                chart: FLUENT_BIT_CHART,
                version: FLUENT_BIT_CHART_VERSION,
                namespace: args.namespace,
                createNamespace: false,
                values,
                timeout: RELEASE_TIMEOUT_SECONDS,
            },
            { parent: this, dependsOn: opts?.dependsOn },
        );
        this.registerOutputs({});
    }
}
